// Small DOM helpers: the console builds its rows and details with these, never with innerHTML,
// so server-provided strings can never turn into markup.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** `h('td', { class: 'x', onclick }, child, 'text')`: creates an element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** A timestamp for people; `dateOnly` for table cells. Unparseable values show as sent. */
export function formatDate(value, dateOnly = false) {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const time = dateOnly ? {} : { hour: '2-digit', minute: '2-digit' };
  return date.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: '2-digit', ...time });
}

export function formatMoney(amount, currency) {
  if (amount === undefined || amount === null || amount === '') return '—';
  const number = Number(amount);
  if (!Number.isFinite(number)) return String(amount);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency || 'USD' }).format(number);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

export function yesNo(value) {
  if (value === undefined || value === null) return h('span', { class: 'no' }, '—');
  return value ? h('span', { class: 'yes' }, 'Yes') : h('span', { class: 'no' }, 'No');
}

export function badge(status) {
  if (!status) return h('span', { class: 'no', 'data-testid': 'status', title: 'Not reported by this call: filter by status to see it' }, '—');
  return h('span', { class: `badge ${status}`, 'data-testid': 'status' }, status);
}

/** Shows a secret as dots plus its last four characters, with a reveal toggle. */
export function secret(value) {
  if (!value) return h('span', { class: 'no' }, '—');
  const masked = `••••••••${String(value).slice(-4)}`;
  const code = h('code', { 'data-testid': 'secret' }, masked);
  const toggle = h('button', { type: 'button', class: 'link' }, 'Reveal');
  toggle.addEventListener('click', () => {
    const hidden = code.textContent === masked;
    code.textContent = hidden ? value : masked;
    toggle.textContent = hidden ? 'Hide' : 'Reveal';
  });
  return h('span', { class: 'secret' }, code, toggle);
}

let toastTimer;
export function toast(message) {
  const el = $('#toast');
  el.textContent = message;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 2600);
}

/** Shows a spinner on `button` while `work` runs; clicks on a busy button are ignored. */
export async function busy(button, work) {
  if (button?.classList.contains('busy')) return undefined;
  button?.classList.add('busy');
  try {
    return await work();
  } finally {
    button?.classList.remove('busy');
  }
}

/** Pretty JSON as coloured spans (keys, strings, numbers, literals), built as text nodes. */
export function jsonView(value) {
  const text = JSON.stringify(value, null, 2);
  const token = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(token)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    if (match[1]) {
      nodes.push(h('span', { class: match[2] ? 'j-key' : 'j-str' }, match[1]));
      if (match[2]) nodes.push(match[2]);
    } else {
      nodes.push(h('span', { class: match[3] ? 'j-lit' : 'j-num' }, match[0]));
    }
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  return nodes;
}
