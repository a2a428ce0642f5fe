#!/bin/sh
# 阳光播控 播放代理 一键安装 (Sunshine Cast player agent installer). POSIX sh; needs Node.js 20+ and tar.
#   curl -fsSL http://SERVER:3000/api/agent/install.sh | sudo sh -s -- --server http://SERVER:3000 --device-id ID --token TOKEN
set -eu

SERVER='' DEVICE_ID='' TOKEN='' MQTT='' CA_FILE='' FINGERPRINT='' BACKEND='' COMMAND='' PREFIX='' PACKAGE=''
SYSTEMD=1 START=1 SERVICE_USER=sunshine-agent

usage() {
  cat <<'USAGE'
阳光播控 播放代理安装脚本

用法: install.sh --server <URL> --device-id <ID> --token <令牌> [选项]

  --server <URL>         服务器地址，如 http://192.168.1.10:3000（必填）
  --device-id <ID>       设备 ID（注册设备时获得；重装时已有配置可省略）
  --token <令牌>         设备令牌（注册设备时只显示一次）
  --mqtt <URL>           MQTT 地址，默认 mqtt://<服务器主机>:1883；加密用 mqtts://<主机>:8883
  --ca-file <文件>       校验 mqtts:// 和 https:// 服务器证书的 CA 证书（复制到配置目录）
  --fingerprint <SHA256> 固定 mqtts:// 服务器证书指纹（代替 CA 文件）
  --backend <名称>       播放后端 mpv | ffplay | aplay | command | null，默认自动选择 mpv、ffplay
  --command <模板>       --backend command 的命令模板，含 {file}
  --prefix <目录>        安装到此目录下（<目录>/opt、<目录>/etc、<目录>/var），默认 /
  --package <文件>       使用本地的 sunshine-agent.tar.gz，不从服务器下载
  --no-systemd           不安装 systemd 服务，只安装文件并打印启动命令（测试、无 systemd 的系统）
  --no-start             安装 systemd 服务但不启动
  -h, --help             显示本帮助
USAGE
}

die() {
  echo "安装失败：$*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  opt=$1
  val=''
  has_val=0
  case $opt in
    --*=*) val=${opt#*=}; opt=${opt%%=*}; has_val=1 ;;
  esac
  case $opt in
    -h | --help) usage; exit 0 ;;
    --no-systemd) SYSTEMD=0; shift; continue ;;
    --no-start) START=0; shift; continue ;;
    --server | --device-id | --token | --mqtt | --ca-file | --fingerprint | --backend | --command | --prefix | --package)
      if [ $has_val -eq 0 ]; then
        [ $# -ge 2 ] || die "参数 $opt 缺少取值"
        val=$2
        shift
      fi
      shift ;;
    *) die "未知参数 $opt（--help 查看用法）" ;;
  esac
  case $opt in
    --server) SERVER=${val%/} ;;
    --device-id) DEVICE_ID=$val ;;
    --token) TOKEN=$val ;;
    --mqtt) MQTT=$val ;;
    --ca-file) CA_FILE=$val ;;
    --fingerprint) FINGERPRINT=$val ;;
    --backend) BACKEND=$val ;;
    --command) COMMAND=$val ;;
    --prefix) PREFIX=${val%/} ;;
    --package) PACKAGE=$val ;;
  esac
done

[ -n "$SERVER" ] || die '缺少 --server（服务器地址，如 http://192.168.1.10:3000）'
case $SERVER in http://* | https://*) ;; *) die "服务器地址必须以 http:// 或 https:// 开头：$SERVER" ;; esac

NODE=$(command -v node || true)
[ -n "$NODE" ] || die '未找到 node：请先安装 Node.js 20 或更高版本（树莓派等 ARM 板可用发行版的 nodejs 包或 NodeSource 的 arm64/armhf 包）'
"$NODE" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  die "Node.js 版本过低（$("$NODE" --version)），需要 20.19 或更高"
command -v tar >/dev/null 2>&1 || die '未找到 tar'

if [ -n "$PREFIX" ]; then
  mkdir -p "$PREFIX"
  PREFIX=$(cd "$PREFIX" && pwd)
fi
OPT=$PREFIX/opt/sunshine-agent
ETC=$PREFIX/etc/sunshine-agent
DATA=$PREFIX/var/lib/sunshine-agent
CONFIG=$ETC/agent.json

if [ $SYSTEMD -eq 1 ]; then
  [ "$(id -u)" -eq 0 ] || die '安装 systemd 服务需要 root：请用 sudo sh，或加 --no-systemd'
  command -v systemctl >/dev/null 2>&1 || die '未找到 systemctl：没有 systemd 的系统请加 --no-systemd，并自行让播放代理开机运行'
fi

if [ -n "$CA_FILE" ]; then
  [ -r "$CA_FILE" ] || die "无法读取 CA 证书文件 $CA_FILE"
  CA_FILE=$(cd "$(dirname "$CA_FILE")" && pwd)/$(basename "$CA_FILE")
  # Downloads below trust the same CA as the agent will.
  NODE_EXTRA_CA_CERTS=$CA_FILE
  export NODE_EXTRA_CA_CERTS
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

# GET url → file, with Node's fetch: no curl or wget needed on the board.
fetch_to() {
  "$NODE" -e '
const [url, file] = process.argv.slice(1);
fetch(url).then(async (r) => {
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  require("fs").writeFileSync(file, Buffer.from(await r.arrayBuffer()));
}).catch((e) => {
  console.error(`下载 ${url} 失败：${(e.cause && e.cause.message) || e.message}`);
  process.exit(1);
});' "$1" "$2" || die "无法从服务器 $SERVER 下载，请检查网络和 --server"
}

echo "阳光播控 播放代理：从 $SERVER 安装到 ${PREFIX:-/}"
if [ -n "$PACKAGE" ]; then
  cp "$PACKAGE" "$TMP/agent.tar.gz" || die "无法读取安装包 $PACKAGE"
else
  fetch_to "$SERVER/api/agent/package" "$TMP/agent.tar.gz"
fi
mkdir -p "$TMP/x"
tar -xzf "$TMP/agent.tar.gz" -C "$TMP/x" || die '安装包损坏（tar 解压失败）'
[ -f "$TMP/x/sunshine-agent/dist/player-agent/src/main.js" ] || die '安装包内容不完整'

umask 022
mkdir -p "$PREFIX/opt" "$DATA"
# Swap the code in one rename so a running service never sees half a tree.
rm -rf "$OPT.new" "$OPT.old"
mv "$TMP/x/sunshine-agent" "$OPT.new"
if [ -d "$OPT" ]; then mv "$OPT" "$OPT.old"; fi
mv "$OPT.new" "$OPT"
rm -rf "$OPT.old"

umask 077
mkdir -p "$ETC"
fetch_to "$SERVER/api/keys/playlist" "$TMP/key.json"
"$NODE" -e '
const k = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (!k.publicKeyPem) { console.error("服务器没有返回签名公钥"); process.exit(1); }
require("fs").writeFileSync(process.argv[2], k.publicKeyPem);' "$TMP/key.json" "$ETC/server-key.pem" || die '无法取得服务器签名公钥'
if [ -n "$CA_FILE" ] && [ "$CA_FILE" != "$ETC/ca.crt" ]; then cp "$CA_FILE" "$ETC/ca.crt"; fi

if [ -z "$BACKEND" ] && [ -z "$COMMAND" ]; then
  if command -v mpv >/dev/null 2>&1; then BACKEND=mpv
  elif command -v ffplay >/dev/null 2>&1; then BACKEND=ffplay
  else
    BACKEND=null
    echo '警告：未找到 mpv 或 ffplay，播放后端设为 null（只记录不出声）；安装 mpv 后重新运行本脚本，或用 --backend/--command 指定' >&2
  fi
fi

if [ -z "$DEVICE_ID" ] && [ -f "$CONFIG" ]; then
  echo "保留已有配置 $CONFIG（只更新程序和公钥）"
else
  [ -n "$DEVICE_ID" ] || die '缺少 --device-id（设备 ID）'
  [ -n "$TOKEN" ] || die '缺少 --token（设备令牌）'
  # Values go through the environment, not the script text: a token may hold any character.
  S_SERVER=$SERVER S_MQTT=$MQTT S_ID=$DEVICE_ID S_TOKEN=$TOKEN S_DATA=$DATA S_BACKEND=$BACKEND S_COMMAND=$COMMAND \
  S_CA=$([ -n "$CA_FILE" ] && echo "$ETC/ca.crt" || true) S_FP=$FINGERPRINT S_KEY=$ETC/server-key.pem \
  "$NODE" -e '
const e = process.env;
const c = { server: e.S_SERVER, mqtt: e.S_MQTT, deviceId: e.S_ID, token: e.S_TOKEN, publicKeyFile: e.S_KEY, dataDir: e.S_DATA,
  backend: e.S_BACKEND, command: e.S_COMMAND, caFile: e.S_CA, fingerprint: e.S_FP };
for (const k of Object.keys(c)) if (!c[k]) delete c[k];
require("fs").writeFileSync(process.argv[1], JSON.stringify(c, null, 2) + "\n", { mode: 0o600 });' "$CONFIG"
fi

# The agent validates the whole configuration (URLs, key, CA) and says what is wrong, in one line.
"$NODE" "$OPT/dist/player-agent/src/main.js" --config "$CONFIG" --check || die "配置无效，请修改 $CONFIG 或重新运行本脚本"

if [ $SYSTEMD -eq 0 ]; then
  # The same node flags and environment as the unit, so a hand-started agent is as small.
  FLAGS=$(sed -n 's/^ExecStart=@NODE@ \(.*\) @OPT@.*/\1/p' "$OPT/sunshine-agent.service")
  ENVS=$(sed -n 's/^Environment=//p' "$OPT/sunshine-agent.service" | tr '\n' ' ')
  echo "安装完成（未安装 systemd 服务）。启动："
  echo "  ${ENVS}$NODE $FLAGS $OPT/dist/player-agent/src/main.js --config $CONFIG"
  exit 0
fi

if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  if command -v useradd >/dev/null 2>&1; then
    useradd --system --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
  elif command -v adduser >/dev/null 2>&1; then
    adduser -S -H -h "$DATA" -s /sbin/nologin "$SERVICE_USER"
  else
    echo '警告：无法创建用户 sunshine-agent，服务将以 root 运行' >&2
    SERVICE_USER=root
  fi
fi
chown -R "$SERVICE_USER" "$DATA"
chown -R "root:$(id -gn "$SERVICE_USER")" "$ETC"
chmod 750 "$ETC"
chmod 640 "$CONFIG" "$ETC/server-key.pem"

# systemd refuses to start a unit naming a group that does not exist: keep only the board's groups.
GROUPS_FOUND=''
for g in audio video; do
  if getent group "$g" >/dev/null 2>&1; then GROUPS_FOUND="$GROUPS_FOUND $g"; fi
done
sed -e "s#@NODE@#$NODE#g" -e "s#@OPT@#$OPT#g" -e "s#@ETC@#$ETC#g" -e "s#@USER@#$SERVICE_USER#g" \
  -e "s#^SupplementaryGroups=.*#SupplementaryGroups=${GROUPS_FOUND# }#" \
  "$OPT/sunshine-agent.service" >/etc/systemd/system/sunshine-agent.service
chmod 644 /etc/systemd/system/sunshine-agent.service
systemctl daemon-reload
if [ $START -eq 1 ]; then
  systemctl enable sunshine-agent.service >/dev/null
  systemctl restart sunshine-agent.service
  echo '安装完成，服务已启动：systemctl status sunshine-agent；日志：journalctl -u sunshine-agent -f'
else
  systemctl enable sunshine-agent.service >/dev/null
  echo '安装完成，服务已启用但未启动：systemctl start sunshine-agent'
fi
