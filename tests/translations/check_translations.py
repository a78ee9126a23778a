"""Checks the translation files lupdate regenerated from the sources (see check_translations.sh).

Every message must be translated (no "unfinished"), keep the source's placeholders (%1, %2, %n),
have as many plural forms as the language has (English 2, Russian 3: 1 / 2-4 / 5-20), and the
committed file must equal the regenerated one (else a string was added, changed or removed in the
sources without running scripts/update-translations.sh).
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

PLURAL_FORMS = {"en": 2, "ru": 3}
PLACEHOLDER = re.compile(r"%(?:n|\d+)")


def messages(path):
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield root.get("language"), name, message


def check_file(committed, regenerated):
    problems = []
    language = None
    for language, context, message in messages(regenerated):
        source = message.findtext("source")
        where = f"{regenerated.name} [{context}] {source!r}"
        translation = message.find("translation")
        if translation.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{where}: not translated")
            continue
        wanted = sorted(set(PLACEHOLDER.findall(source)))
        if message.get("numerus") == "yes":
            forms = [form.text or "" for form in translation.iter("numerusform")]
            expected = PLURAL_FORMS.get(language)
            if expected is not None and len(forms) != expected:
                problems.append(f"{where}: {len(forms)} plural forms, {language} has {expected}")
            texts = forms
        else:
            texts = [translation.text or ""]
        for text in texts:
            if not text.strip():
                problems.append(f"{where}: empty translation")
            elif sorted(set(PLACEHOLDER.findall(text))) != wanted:
                problems.append(f"{where}: placeholders {wanted} differ in {text!r}")
    if language not in PLURAL_FORMS:
        problems.append(f"{regenerated.name}: language {language!r} has no plural rule here")
    if committed.read_bytes() != regenerated.read_bytes():
        problems.append(f"{committed.name}: differs from the sources' strings; "
                        "run scripts/update-translations.sh and translate what is new")
    return problems


def main():
    committed_dir, regenerated_dir = Path(sys.argv[1]), Path(sys.argv[2])
    files = sorted(committed_dir.glob("messenger_*.ts"))
    if not files:
        print(f"no translations in {committed_dir}")
        return 1
    problems = []
    for committed in files:
        problems += check_file(committed, regenerated_dir / committed.name)
    for problem in problems:
        print(problem)
    print(f"{len(files)} translation files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
