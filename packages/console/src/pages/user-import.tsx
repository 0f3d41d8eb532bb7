// CSV import as Cognito runs it: GetCSVHeader for the file's columns, CreateUserImportJob, the
// file PUT to the job's PreSignedUrl, StartUserImportJob, then DescribeUserImportJob until the
// job ends, with its imported, skipped and failed counts as a progress bar.
import { useEffect, useRef, useState } from 'preact/hooks';
import { idp } from '../api';
import { download, StatusLine, useStatus } from './users-kit';

interface Job {
  JobId: string;
  JobName: string;
  PreSignedUrl: string;
  Status: string;
  ImportedUsers?: number;
  SkippedUsers?: number;
  FailedUsers?: number;
  CompletionMessage?: string;
}

const ENDED = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);
const POLL_MS = 1000;

/** Data rows of a CSV file: its non-blank lines after the header. */
async function countRows(file: File): Promise<number> {
  const lines = (await file.text()).split(/\r?\n/).filter((l) => l.trim() !== '');
  return Math.max(lines.length - 1, 0);
}

/** The import panel of the Users page; `onFinished` runs once a job has ended. */
export function UserImport(p: { poolId: string; onFinished: () => void }) {
  const [jobName, setJobName] = useState(
    () => `console-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}`,
  );
  const [roleArn, setRoleArn] = useState('arn:aws:iam::000000000000:role/CognitoImport');
  const [file, setFile] = useState<File>();
  const [total, setTotal] = useState(0);
  const [job, setJob] = useState<Job>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const s = useStatus();
  useEffect(() => () => clearTimeout(timer.current), []);

  async function downloadHeader() {
    const r = await s.run('Reading the CSV header…', () =>
      idp('GetCSVHeader', { UserPoolId: p.poolId }),
    );
    if (r) download(`${p.poolId}-header.csv`, `${r.CSVHeader.join(',')}\r\n`);
  }

  function poll(jobId: string) {
    timer.current = setTimeout(async () => {
      try {
        const r = await idp('DescribeUserImportJob', { UserPoolId: p.poolId, JobId: jobId });
        const j: Job = r.UserImportJob;
        setJob(j);
        if (ENDED.has(j.Status)) {
          s.setStatus(
            `Import ${j.Status.toLowerCase()}: ${j.ImportedUsers ?? 0} imported, ${j.SkippedUsers ?? 0} skipped, ${j.FailedUsers ?? 0} failed.`,
          );
          p.onFinished();
        } else poll(jobId);
      } catch (err) {
        s.setError(String(err));
      }
    }, POLL_MS);
  }

  async function start(e: Event) {
    e.preventDefault();
    if (!file) return;
    clearTimeout(timer.current);
    setJob(undefined);
    const started = await s.run('Creating the import job…', async () => {
      setTotal(await countRows(file));
      const created = await idp('CreateUserImportJob', {
        UserPoolId: p.poolId,
        JobName: jobName,
        CloudWatchLogsRoleArn: roleArn,
      });
      const j: Job = created.UserImportJob;
      setJob(j);
      s.setStatus('Uploading the file…');
      // The PreSignedUrl points at this server; sent to this origin, it needs no CORS.
      const url = new URL(j.PreSignedUrl, location.href);
      const put = await fetch(url.pathname + url.search, {
        method: 'PUT',
        body: file,
        headers: { 'content-type': 'text/csv', 'x-amz-server-side-encryption': 'aws:kms' },
      });
      if (!put.ok) {
        const why = /<Message>([^<]*)<\/Message>/.exec(await put.text())?.[1];
        throw new Error(`Upload refused (${put.status}${why ? `: ${why}` : ''})`);
      }
      const r = await idp('StartUserImportJob', { UserPoolId: p.poolId, JobId: j.JobId });
      setJob(r.UserImportJob);
      return r.UserImportJob as Job;
    });
    if (started) {
      s.setStatus(`Import ${started.JobId} started.`);
      poll(started.JobId);
    }
  }

  async function stop() {
    if (!job) return;
    await s.run('Stopping the import…', () =>
      idp('StopUserImportJob', { UserPoolId: p.poolId, JobId: job.JobId }),
    );
  }

  const done = (job?.ImportedUsers ?? 0) + (job?.SkippedUsers ?? 0) + (job?.FailedUsers ?? 0);
  const running = job && !ENDED.has(job.Status) && job.Status !== 'Created';

  return (
    <section class="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import users from CSV</h2>
      <p class="hint">
        The file's first line must be the pool's CSV header (every column, any order); a comma
        inside a value is written <code>\,</code>.{' '}
        <button type="button" class="link" onClick={downloadHeader}>
          Download the CSV header
        </button>
      </p>
      <form onSubmit={start}>
        <div class="grid">
          <label class="field">
            <span>CSV file</span>
            <input
              type="file"
              accept=".csv,text/csv"
              required
              onChange={(e) => setFile(e.currentTarget.files?.[0])}
            />
          </label>
          <label class="field">
            <span>Job name</span>
            <input
              type="text"
              required
              value={jobName}
              onInput={(e) => setJobName(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>CloudWatch Logs role ARN</span>
            <input
              type="text"
              required
              value={roleArn}
              onInput={(e) => setRoleArn(e.currentTarget.value)}
            />
            <span class="hint">Kept with the job, as Cognito asks for one.</span>
          </label>
        </div>
        <div class="row">
          <button type="submit" disabled={s.busy || !!running || !file}>
            Start import
          </button>
          {running && (
            <button type="button" class="secondary" onClick={stop}>
              Stop import
            </button>
          )}
        </div>
      </form>
      <StatusLine status={s.status} error={s.error} />
      {job && (
        <div class="import-progress">
          <label class="field">
            <span>
              Job {job.JobName} ({job.JobId}): {job.Status}
            </span>
            <progress max={Math.max(total, done, 1)} value={done} />
          </label>
          <dl class="counts">
            <div>
              <dt>Imported</dt>
              <dd>{job.ImportedUsers ?? 0}</dd>
            </div>
            <div>
              <dt>Skipped</dt>
              <dd>{job.SkippedUsers ?? 0}</dd>
            </div>
            <div>
              <dt>Failed</dt>
              <dd>{job.FailedUsers ?? 0}</dd>
            </div>
            <div>
              <dt>Rows in file</dt>
              <dd>{total}</dd>
            </div>
          </dl>
          {job.CompletionMessage && <p>{job.CompletionMessage}</p>}
        </div>
      )}
    </section>
  );
}
