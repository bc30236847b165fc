// Workbench actions both end-to-end drivers use (VS Code 1.100 DOM, as in ../shared/e2e/RECIPE.md).

/** Click a file in the Explorer and wait for its tab; `log` reports the step. */
export async function openFromExplorer(page, name, log) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  // With the inspector beside the editor, two groups can show the file: any active tab of it will do.
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 30_000 });
  log(`opened ${name}`);
}

/** Ctrl+G, line:column, Enter. */
export async function goToLine(page, line, column) {
  await page.keyboard.press('Control+g');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
}
