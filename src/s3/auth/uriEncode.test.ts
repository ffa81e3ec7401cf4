import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalPath, canonicalQueryString, parseQuery, uriEncode } from './uriEncode.js';

test('canonicalPath keeps unreserved characters and slashes as they are', () => {
  assert.equal(canonicalPath('/bucket/a-b_c.d~e/0123'), '/bucket/a-b_c.d~e/0123');
  assert.equal(canonicalPath(''), '/');
  // S3 does not normalise: empty segments and dot segments are part of the key.
  assert.equal(canonicalPath('/b//a/./../x'), '/b//a/./../x');
});

test('canonicalPath re-encodes whatever escaping the client chose, once', () => {
  // '$' raw or escaped, '!*\'()' raw or escaped: the same canonical form.
  assert.equal(canonicalPath('/test$file.text'), '/test%24file.text');
  assert.equal(canonicalPath('/test%24file.text'), '/test%24file.text');
  assert.equal(canonicalPath("/a!*'()b"), '/a%21%2A%27%28%29b');
  assert.equal(canonicalPath('/a%21%2a%27%28%29b'), '/a%21%2A%27%28%29b');
  // An escaped unreserved character is decoded; lower-case hex becomes upper-case.
  assert.equal(canonicalPath('/%7Euser/%41%2d'), '/~user/A-');
  assert.equal(canonicalPath('/a%c3%a9'), '/a%C3%A9');
  // '+' in a path is a literal plus; a space is %20, never '+'.
  assert.equal(canonicalPath('/a+b'), '/a%2Bb');
  assert.equal(canonicalPath('/a b'), '/a%20b');
  // Not double-encoded: %20 stays %20 (not %2520); a stray '%' is a literal percent.
  assert.equal(canonicalPath('/a%20b'), '/a%20b');
  assert.equal(canonicalPath('/100%/x%zz'), '/100%25/x%25zz');
  // An escaped slash belongs to the key and stays escaped.
  assert.equal(canonicalPath('/b/a%2Fb'), '/b/a%2Fb');
  // Decoded strings are taken as UTF-8.
  assert.equal(canonicalPath('/ሴ/é€😀'), '/%E1%88%B4/%C3%A9%E2%82%AC%F0%9F%98%80');
});

test('uriEncode encodes every byte but the unreserved ones, slash included', () => {
  assert.equal(uriEncode('a b/c+d=é~'), 'a%20b%2Fc%2Bd%3D%C3%A9~');
  assert.equal(uriEncode('-._~AZaz09'), '-._~AZaz09');
});

test('parseQuery decodes names and values; + is a literal plus', () => {
  const params = parseQuery('prefix=a%20b+c&delimiter=%2F&list-type=2&uploads&=x&&empty=');
  assert.deepEqual(
    params.map((p) => [p.name, p.value]),
    [
      ['prefix', 'a b+c'],
      ['delimiter', '/'],
      ['list-type', '2'],
      ['uploads', ''],
      ['', 'x'],
      ['empty', ''],
    ],
  );
  assert.equal(params[0]?.encodedValue, 'a%20b%2Bc');
  assert.equal(parseQuery('').length, 0);
});

test('canonicalQueryString sorts by encoded name then value and drops the excluded name', () => {
  assert.equal(canonicalQueryString(parseQuery('prefix=J&max-keys=2')), 'max-keys=2&prefix=J');
  assert.equal(canonicalQueryString(parseQuery('lifecycle')), 'lifecycle=');
  assert.equal(canonicalQueryString(parseQuery('b=2&a=x%20y&a=1')), 'a=1&a=x%20y&b=2');
  // Upper-case sorts before lower-case (byte order), as in get-vanilla-query-order-key.
  assert.equal(canonicalQueryString(parseQuery('Param1=value2&Param1=Value1')), 'Param1=Value1&Param1=value2');
  assert.equal(canonicalQueryString(parseQuery('a=1&X-Amz-Signature=abc&b=2'), 'X-Amz-Signature'), 'a=1&b=2');
  // Differently escaped, same canonical string.
  assert.equal(canonicalQueryString(parseQuery("k=a!'()*~")), canonicalQueryString(parseQuery('k=a%21%27%28%29%2a%7E')));
});
