// Health probes: an HTTP GET (any answer below 500 means the service is up) and a TCP connect,
// on 127.0.0.1 and, for servers that bound "localhost" to IPv6 only, on ::1.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { ProbeResult, Prober } from '../core/host.js';
import { LOOPBACK } from '../core/bind-address.js';

const HOSTS = [LOOPBACK, '::1'];

export const nodeProber: Prober = {
  http: (port, path, timeoutMs) => firstOk((host) => httpGet(host, port, path, timeoutMs)),
  tcp: (port, timeoutMs) => firstOk((host) => tcpConnect(host, port, timeoutMs)),
  remote: (host, port, protocol, timeoutMs) => (protocol === 'tls' ? tlsHandshake(host, port, timeoutMs) : protocol === 'ssh' ? sshGreeting(host, port, timeoutMs) : tcpConnect(host, port, timeoutMs)),
};

async function firstOk(probe: (host: string) => Promise<ProbeResult>): Promise<ProbeResult> {
  let last: ProbeResult = { ok: false, error: 'not checked' };
  for (const host of HOSTS) {
    last = await probe(host);
    if (last.ok || !/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH/.test(last.error)) return last;
  }
  return last;
}

/** The name a dev server configured for one host accepts when it refuses requests to its address. */
const LOCAL_NAME = 'localhost';

async function httpGet(host: string, port: number, path: string, timeoutMs: number): Promise<ProbeResult> {
  const first = await httpGetAs(host, port, path, timeoutMs);
  // 400/403 to the address may be a host check (Django's ALLOWED_HOSTS = ['localhost']): asked by name, the page may answer.
  if (!first.ok || (first.status !== 400 && first.status !== 403)) return first;
  const named = await httpGetAs(host, port, path, timeoutMs, `${LOCAL_NAME}:${port}`);
  return named.ok && named.status !== undefined && named.status < 400 ? { ...named, hostName: LOCAL_NAME } : first;
}

function httpGetAs(host: string, port: number, path: string, timeoutMs: number, hostHeader?: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const request = http.get({ host, port, path, timeout: timeoutMs, headers: { 'user-agent': 'repo-runner-health', ...(hostHeader ? { host: hostHeader } : {}) }, agent: false }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve(status < 500 ? { ok: true, status } : { ok: false, error: `HTTP ${status}` });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, error: error.code ?? error.message }));
  });
}

function tcpConnect(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve({ ok: false, error: `no answer within ${timeoutMs} ms` });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, error: error.code ?? error.message }));
  });
}

/** Connects and waits for the SSH server's first line ("SSH-2.0-…"). */
function sshGreeting(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, error: `no SSH greeting within ${timeoutMs} ms` });
    }, timeoutMs);
    socket.once('data', (data) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data.toString('latin1').startsWith('SSH-') ? { ok: true } : { ok: false, error: 'not an SSH server' });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, error: error.code ?? error.message });
    });
  });
}

/** A TLS handshake (certificate not checked: only whether a TLS server answers). */
function tlsHandshake(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, error: `no TLS handshake within ${timeoutMs} ms` });
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, error: error.code ?? error.message });
    });
  });
}
