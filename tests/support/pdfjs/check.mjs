// Read every page of each PDF named on the command line with pdf.js, the way a web viewer
// does (fonts, content streams, text, annotations), and print one JSON line per file with
// every warning or error pdf.js reported. The test suite asserts that the list is empty.
import { readFileSync } from "node:fs";
import { getDocument, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";

const reported = [];
const out = console.log.bind(console);
for (const name of ["log", "warn", "error", "info"]) {
  console[name] = (...args) => reported.push(args.join(" "));
}
process.on("unhandledRejection", (error) => reported.push(`unhandled: ${error}`));

for (const path of process.argv.slice(2)) {
  reported.length = 0;
  let pages = 0;
  try {
    const data = new Uint8Array(readFileSync(path));
    const task = getDocument({
      data,
      verbosity: VerbosityLevel.WARNINGS,
      stopAtErrors: true,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
    });
    const doc = await task.promise;
    pages = doc.numPages;
    for (let i = 1; i <= pages; i++) {
      const page = await doc.getPage(i);
      await page.getOperatorList();
      await page.getTextContent();
      await page.getAnnotations();
      page.cleanup();
    }
    await doc.destroy();
  } catch (error) {
    reported.push(`failed: ${error}`);
  }
  out(JSON.stringify({ path, pages, problems: [...reported] }));
}
