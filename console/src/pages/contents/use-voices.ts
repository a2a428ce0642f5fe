import { useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../../api/client';
import type { Voice } from '../../common/content-model';

/** The voice catalogue with whether each voice can be reached now (GET /api/voices probes the engines). */
export function useVoices(): { voices: Voice[]; loading: boolean; error: string | null } {
  const [voices, setVoices] = useState<Voice[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/voices'))
      .then((v) => live && setVoices(v))
      .catch((e) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, []);
  return { voices, loading, error };
}

/** Chinese name of a voice id, for texts and diffs. */
export function voiceNamer(voices: Voice[]): (id: string) => string {
  const byId = new Map(voices.map((v) => [v.id, v.name]));
  return (id) => byId.get(id) ?? id;
}
