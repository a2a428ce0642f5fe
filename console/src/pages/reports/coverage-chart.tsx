import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { percent, rankByCompletion } from './report-format';

// Only what the ranking needs, so the chart chunk stays small (values are printed on the bars: no tooltip).
echarts.use([BarChart, GridComponent, CanvasRenderer]);

export interface CoverageChartRow {
  name: string;
  completion: number | null;
  flagged: boolean;
}

/** Ranking of the rows' completion (best on top), flagged rows in red, the bar drawn as a dashed line. */
export default function CoverageChart({ rows, threshold, title }: { rows: CoverageChartRow[]; threshold: number; title: string }) {
  const el = useRef<HTMLDivElement>(null);
  const ranked = rankByCompletion(rows).reverse(); // a horizontal bar chart draws the first category at the bottom
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption({
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: ranked.map((r) => r.name) },
      series: [
        {
          type: 'bar',
          name: '完成率',
          data: ranked.map((r) => ({ value: r.completion === null ? 0 : Math.round(r.completion * 1000) / 10, itemStyle: { color: r.flagged ? '#cf1322' : '#1677ff' } })),
          label: { show: true, position: 'right', formatter: (p: { value: number }) => `${p.value.toFixed(1)}%` },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [ranked, threshold]);
  const height = Math.min(600, Math.max(160, ranked.length * 28 + 40));
  return <div ref={el} role="img" aria-label={`${title}：完成率排名（合格线 ${percent(threshold)}）`} style={{ width: '100%', height }} />;
}
