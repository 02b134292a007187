// JSON5 (package.json5, which pnpm reads) turned into JSON for JSON.parse: comments dropped,
// single-quoted strings and unquoted keys quoted, trailing commas removed, `+` signs, hex numbers
// and leading or trailing decimal points made plain. Newlines are kept, so lines still match.

export function json5ToJson(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      let body = '';
      while (j < n && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < n) {
          const next = text[j + 1];
          // A line continuation disappears; an escaped quote of the other kind needs no escape in JSON.
          if (next === '\n') { j += 2; continue; }
          body += next === "'" ? "'" : `\\${next}`;
          j += 2;
          continue;
        }
        body += text[j] === '"' ? '\\"' : text[j];
        j++;
      }
      out += `"${body}"`;
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const comment = text.slice(i, end < 0 ? n : end + 2);
      out += comment.replace(/[^\n]/g, '');
      i += comment.length;
    } else if (c === ',') {
      // A comma followed (past blanks and comments) by a closing bracket is dropped.
      const rest = /^,(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*([}\]])/.exec(text.slice(i));
      out += rest ? '' : ',';
      i++;
    } else if (/[A-Za-z_$]/.test(c)) {
      const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i))![0];
      const isKey = /^\s*:/.test(text.slice(i + word.length));
      out += isKey ? `"${word}"` : word === 'Infinity' || word === 'NaN' ? 'null' : word;
      i += word.length;
    } else if (/[-+.\d]/.test(c)) {
      const number = /^[-+]?(?:0[xX][\da-fA-F]+|\d*\.?\d*(?:[eE][-+]?\d+)?)/.exec(text.slice(i))![0] || c;
      out += plainNumber(number);
      i += number.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function plainNumber(number: string): string {
  const sign = number.startsWith('-') ? '-' : '';
  const bare = number.replace(/^[-+]/, '');
  if (/^0[xX]/.test(bare)) return `${sign}${parseInt(bare, 16)}`;
  if (bare === '' || bare === '.') return number;
  return sign + bare.replace(/^\./, '0.').replace(/\.(?=$|[eE])/, '.0');
}
