import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** What a finished command left: its exit status and everything it printed. */
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Waits for the process to close, however long a busy machine takes, keeping what it printed. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<Run> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
