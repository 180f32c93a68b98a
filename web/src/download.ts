/** Saving text the API answered as a file the browser downloads (a Blob behind an object URL). */

/** A file name from a label: characters file systems refuse become `-`, spaces stay; nothing left → `download`. */
export function fileNameOf(label: string, extension: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const safe = label.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-').trim();
  return `${/^[\s-]*$/.test(safe) ? 'download' : safe}.${extension}`;
}

/** Has the browser save `text` as `name`. */
export function saveText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the Blob to the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
