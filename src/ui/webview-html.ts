// The page every webview panel of the extension starts from: a strict Content-Security-Policy (no inline script
// or style; scripts only with this page's nonce), resources only from media/, the panel's own body.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewPage(webview: vscode.Webview, media: vscode.Uri, page: { title: string; styles: string[]; scripts: string[]; body: string }): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (file: string): vscode.Uri => webview.asWebviewUri(vscode.Uri.joinPath(media, file));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${page.styles.map((s) => `<link rel="stylesheet" href="${uri(s)}">`).join('\n')}
<title>${page.title}</title>
</head>
<body>
${page.body.trim()}
${page.scripts.map((s) => `<script nonce="${nonce}" src="${uri(s)}"></script>`).join('\n')}
</body>
</html>`;
}
