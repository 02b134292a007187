// Python frameworks, in the order they are tried against a project's requirements. `{python}`
// is the service's virtual environment; an entry's `appObject` or `entryImport` finds the file
// (and the app object) its start command runs.
import { entries, HTTP_ROOT } from './entry.js';

const hostPort = ['--host', '{host}', '--port', '{port}'];

export const PYTHON_FRAMEWORKS = entries([
  {
    id: 'django', name: 'Django', kind: 'python', role: 'backend', recognise: { dependency: 'django' }, entries: ['manage.py'],
    start: ['{python}', '{entry}', 'runserver', '--noreload', '{host}:{port}'], port: { preferred: 8000 }, health: HTTP_ROOT,
    docs: 'https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver',
  },
  {
    id: 'fastapi', name: 'FastAPI', kind: 'python', role: 'backend', recognise: { dependency: 'fastapi' }, appObject: /\bFastAPI\s*\(/,
    start: ['{python}', '-m', 'uvicorn', '{module}:{app}'], port: { preferred: 8000, args: hostPort }, health: HTTP_ROOT,
    docs: 'https://www.uvicorn.org/settings/',
  },
  {
    id: 'starlette', name: 'Starlette', kind: 'python', role: 'backend', recognise: { dependency: 'starlette' }, appObject: /\bStarlette\s*\(/,
    start: ['{python}', '-m', 'uvicorn', '{module}:{app}'], port: { preferred: 8000, args: hostPort }, health: HTTP_ROOT,
    docs: 'https://www.starlette.io/#installation',
  },
  {
    id: 'litestar', name: 'Litestar', kind: 'python', role: 'backend', recognise: { dependency: 'litestar' }, appObject: /\bLitestar\s*\(/,
    start: ['{python}', '-m', 'uvicorn', '{module}:{app}'], port: { preferred: 8000, args: hostPort }, health: HTTP_ROOT,
    docs: 'https://docs.litestar.dev/latest/usage/applications.html',
  },
  {
    id: 'streamlit', name: 'Streamlit', kind: 'python', role: 'frontend', recognise: { dependency: 'streamlit' }, entryImport: /^\s*import\s+streamlit\b/m,
    start: ['{python}', '-m', 'streamlit', 'run', '{entry}'],
    port: { preferred: 8501, args: ['--server.port', '{port}', '--server.address', '{host}', '--server.headless', 'true'] }, health: HTTP_ROOT,
    docs: 'https://docs.streamlit.io/develop/api-reference/cli/run',
  },
  {
    id: 'gradio', name: 'Gradio', kind: 'python', role: 'frontend', recognise: { dependency: 'gradio' }, entryImport: /^\s*import\s+gradio\b/m,
    start: ['{python}', '{entry}'], port: { preferred: 7860, env: 'GRADIO_SERVER_PORT' }, health: HTTP_ROOT,
    docs: 'https://www.gradio.app/guides/environment-variables',
  },
  {
    id: 'flask', name: 'Flask', kind: 'python', role: 'backend', recognise: { dependency: 'flask' }, appObject: /\bFlask\s*\(|\bcreate_app\s*\(/,
    start: ['{python}', '-m', 'flask', '--app', '{module}:{app}', 'run'], port: { preferred: 5000, args: hostPort }, health: HTTP_ROOT,
    docs: 'https://flask.palletsprojects.com/en/stable/cli/',
  },
]);

/** A Python program with no framework the catalogue knows: `python FILE`, PORT set, a TCP check. */
export const GENERIC_PYTHON = entries([{
  id: 'python', name: 'Python', kind: 'python', role: 'backend', start: ['{python}', '{entry}'],
  port: { preferred: 8000, env: 'PORT' }, health: { kind: 'tcp' }, docs: 'https://docs.python.org/3/tutorial/interpreter.html',
}])[0];
