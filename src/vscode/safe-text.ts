// Text from a repository (service names, log lines, file names) is neutralised before it
// reaches markdown: no links, no command URIs, no HTML, no formatting it did not ask for.
export function markdownEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** Only plain loopback HTTP URLs that the engine itself built are made into links. */
export function isLocalUrl(url: string | undefined): url is string {
  return url !== undefined && /^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(url);
}
