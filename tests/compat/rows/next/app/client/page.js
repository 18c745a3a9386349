'use client';
// A client page: the browser entry in Next's client bundle, the key allowed
// on purpose (a test page).
import { useEffect, useState } from 'react';
import Telnyx from 'telnyx-wasm';
import { scenario } from '../../scenario.mjs';

export default function ClientPage() {
  const [out, setOut] = useState(null);
  useEffect(() => {
    const mock = new URLSearchParams(location.search).get('mock');
    scenario(Telnyx, { apiKey: 'KEY0123456789_compat_secret', baseURL: `${mock}/v2`, dangerouslyAllowBrowser: true })
      .catch((error) => ({ error: String(error?.message ?? error) }))
      .then((result) => {
        window.__result = result;
        setOut(result);
      });
  }, []);
  return <pre id="result">{out ? JSON.stringify(out) : 'loading'}</pre>;
}
