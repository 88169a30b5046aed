import { lazy, Suspense, useId, type ReactNode } from 'react';
import { formatNumber } from '../../format.js';
import { DataTable } from '../DataTable.js';

export interface FigureSeries {
  key: string;
  label: string;
  /** Shown in the table only (e.g. a count beside a median of another scale). */
  tableOnly?: boolean;
}
export interface FigureRow {
  label: string;
  values: Record<string, number | null>;
}

// recharts is large: it loads after the page's own code, and the tables show the numbers meanwhile.
const FigureChart = lazy(() => import('./FigureChart.js'));

interface Props {
  title: string;
  /** What the first column holds. */
  rowHeader: string;
  rows: readonly FigureRow[];
  series: readonly FigureSeries[];
  /** A sentence above the table and chart. */
  lead?: ReactNode;
}

/** One figure of the dashboard: a table of its numbers, with a chart of the same numbers beside it. */
export function FigurePanel({ title, rowHeader, rows, series, lead }: Props) {
  const id = useId();
  const charted = series.filter((s) => !s.tableOnly);
  return (
    <section className="card figure-panel" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {lead}
      <div className="figure-body">
        <DataTable caption={title} busy={false}>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              {series.map((s) => (
                <th scope="col" key={s.key} className="numeric">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {series.map((s) => {
                  const value = row.values[s.key];
                  return (
                    <td key={s.key} className="numeric">
                      {value === null || value === undefined ? '—' : formatNumber(value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </DataTable>
        {rows.length > 0 && (
          <Suspense fallback={<div className="figure-chart" aria-hidden="true" />}>
            <FigureChart rows={rows} series={charted} />
          </Suspense>
        )}
      </div>
    </section>
  );
}
