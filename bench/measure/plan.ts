import { percentile } from './stats.js';
import { sendUnseen, whileListening } from './statements.js';

export interface StatementPlan {
  /** The statement's SQL, parameters as $n. */
  sql: string;
  planningMs: number;
  executionMs: number;
}

export interface PlanFigures {
  /** Queries the endpoint's bare SQL explains (its SELECTs; not BEGIN, set_config or COMMIT). */
  statements: number;
  /** The statement whose planning plus execution takes longest. */
  main: StatementPlan;
  planningMs: number;
  executionMs: number;
  /** Each figure is the median of this many runs. */
  runs: number;
}

interface ExplainRow {
  'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }];
}

const explainable = (sql: string) => /^\s*(select|with)\b/i.test(sql) && !/\bset_config\(/i.test(sql);

/**
 * Where the time of each statement of `run` goes, planning against execution, from EXPLAIN
 * (ANALYZE, SUMMARY) sent just before the statement on its own connection: in its transaction,
 * with the office scope, role and settings it runs under, and with its own parameter values.
 * Without prepared statements a statement is planned afresh every time, so both are paid per request.
 */
export async function measurePlans(run: () => Promise<unknown>, runs = 5): Promise<PlanFigures | undefined> {
  const samples: StatementPlan[][] = [];
  for (let i = 0; i < runs; i++) {
    const plans: StatementPlan[] = [];
    await whileListening(async (statement, client) => {
      if (!explainable(statement.text)) return;
      const result = await sendUnseen(client, `EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) ${statement.text}`, statement.values);
      const [summary] = (result.rows[0] as ExplainRow)['QUERY PLAN'];
      plans.push({ sql: statement.text, planningMs: summary['Planning Time'], executionMs: summary['Execution Time'] });
    }, run);
    samples.push(plans);
  }
  const first = samples[0];
  if (!first?.length) return undefined;
  const median = (index: number, pick: (plan: StatementPlan) => number) => percentile(samples.map((plans) => (plans[index] ? pick(plans[index]) : Number.NaN)).filter((n) => !Number.isNaN(n)), 50);
  const plans = first.map((plan, index) => ({ sql: plan.sql, planningMs: median(index, (p) => p.planningMs), executionMs: median(index, (p) => p.executionMs) }));
  const main = plans.reduce((a, b) => (b.planningMs + b.executionMs > a.planningMs + a.executionMs ? b : a));
  const sum = (pick: (plan: StatementPlan) => number) => plans.reduce((total, plan) => total + pick(plan), 0);
  return { statements: plans.length, main, planningMs: sum((p) => p.planningMs), executionMs: sum((p) => p.executionMs), runs };
}
