#!/usr/bin/env bash
# Seeds the fuzz corpora (git-ignored) from the examples and the test fixtures.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/check_convention corpus/check_annex corpus/render_markdown
n=0
while IFS= read -r -d '' f; do
  case "$f" in
    */annexes/*|*.annex.toml) dest=corpus/check_annex ;;
    *) dest=corpus/check_convention ;;
  esac
  cp "$f" "$dest/seed-$(printf %04d $n)-$(basename "$f")"
  n=$((n + 1))
done < <(find ../examples ../tests/fixtures ../tests/bad-inputs -name '*.toml' -print0 2>/dev/null)
# Markdown fields for render_markdown: the shapes of the bad-input corpus, small.
i=0
for md in '> > > citation' '- a\n  - b\n    - c' '*x **y _z_ y** x*' '1. un\n2. deux' \
  'Le 1<sup>er</sup><br>[lien](https://x.fr) `code`' '<script>x</script> [j](javascript:x)' \
  'e\xcc\x81\xcc\x81 mot' '# Titre\n\n```\nbloc\n```' '> - *a* \\\n> b'; do
  printf -- "$md" > "corpus/render_markdown/seed-md-$i"
  i=$((i + 1))
done
echo "seeded $n files and $i Markdown fields"
