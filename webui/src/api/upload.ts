// Uploads with progress: fetch() cannot report how much of a request body was sent, so a file goes
// up with XMLHttpRequest (PUT …/files/{path}, the same request as studio.writeFile). When the token
// has expired (401) it is sent again through the API client, which renews the token first.
import { ApiError, API, currentToken, filePath, seg } from './client';
import { studio } from './studio';
import type { Problem, WorkspaceEntry } from './types';

export type Progress = (loaded: number, total: number) => void;

function problemOf(xhr: XMLHttpRequest): ApiError {
  let problem: Problem | null = null;
  try {
    problem = xhr.responseText ? (JSON.parse(xhr.responseText) as Problem) : null;
  } catch {
    problem = null;
  }
  const message = problem?.detail ?? problem?.title ?? `The studio answered ${xhr.status} ${xhr.statusText}`.trim();
  return new ApiError(xhr.status, problem, message);
}

/** PUTs one file, reporting the bytes sent; resolves with the written entry. */
export function uploadFile(org: string, session: string, path: string, body: Blob, onProgress: Progress, signal?: AbortSignal): Promise<WorkspaceEntry | undefined> {
  if (typeof XMLHttpRequest === 'undefined') return studio.writeFile(org, session, path, body);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `${API}/orgs/${seg(org)}/sessions/${seg(session)}/files/${filePath(path)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    const token = currentToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : body.size);
    xhr.onload = () => {
      if (xhr.status === 401) {
        // renew the token and send it again (without progress)
        studio.writeFile(org, session, path, body).then(resolve, reject);
        return;
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(problemOf(xhr));
        return;
      }
      onProgress(body.size, body.size);
      try {
        resolve(xhr.responseText ? (JSON.parse(xhr.responseText) as WorkspaceEntry) : undefined);
      } catch {
        resolve(undefined);
      }
    };
    xhr.onerror = () => reject(new Error('The upload failed: the studio could not be reached.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}
