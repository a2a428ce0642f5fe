export type CellType = 'text' | 'int' | 'percent' | 'seconds' | 'datetime';
export interface ReportColumn { key: string; title: string; type: CellType }
export interface ReportTable { title: string; columns: ReportColumn[]; rows: Array<Record<string, string | number | null>>;
  totals?: Record<string, string | number | null>; flagged?: boolean[] }   // percent values are fractions 0..1
export interface ReportChart { kind: 'bar' | 'line'; title: string; categories: string[]; series: Array<{ name: string; values: number[] }> }
export interface ReportDocument { title: string; unit: string; periodLabel: string; generatedAt: string; summary: string[];
  tables: ReportTable[]; charts: ReportChart[] }
