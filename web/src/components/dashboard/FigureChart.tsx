import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FigureRow, FigureSeries } from './FigurePanel.js';

/** Colours that keep 3:1 against white and one another. */
const colours = ['#1f3a5f', '#b45309', '#047857', '#7c3aed'];

/**
 * The bar chart beside a figure's table (recharts; loaded apart from the app's first bundle).
 * It repeats the table, which is what screen readers read, so it is hidden from them and takes
 * no focus.
 */
export default function FigureChart({ rows, series }: { rows: readonly FigureRow[]; series: readonly FigureSeries[] }) {
  const data = rows.map((row) => ({ label: row.label, ...row.values }));
  return (
    <div className="figure-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {/* Every label when they fit; the first, last and what fits between for the twelve weeks. */}
          <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={rows.length > 6 ? 'preserveStartEnd' : 0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          {series.length > 1 && <Legend />}
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={colours[i % colours.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
