#!/usr/bin/env bash
# System packages the tests need: PostgreSQL running on 127.0.0.1:5432, LibreOffice and a CJK
# font (to convert drafted DOCX to PDF), and the text converters of the conversion matrix.
# Installs what is missing when run as root; otherwise says so.
set -u
need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
# Calc, for the hostile-file tests that make a real .xlsx/.xls to upload as a report
ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
# a CJK font, or LibreOffice writes PDFs of drafted reports without Chinese glyphs
ls /usr/share/fonts/truetype/wqy/wqy-microhei.ttc >/dev/null 2>&1 || need_apt+=(fonts-wqy-microhei)
# the converters of the conversion matrix (tests/integration/test_conversion_matrix.py): the
# tools staff use to turn a published report into text
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v pandoc >/dev/null 2>&1 || need_apt+=(pandoc)
command -v w3m >/dev/null 2>&1 || need_apt+=(w3m)
command -v html2text >/dev/null 2>&1 || need_apt+=(html2text)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${need_apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing system packages (install them as root): ${need_apt[*]}" >&2
  fi
fi
# PostgreSQL: start the cluster if nothing listens on 5432.
if command -v pg_ctlcluster >/dev/null 2>&1 && ! (echo > /dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
for _ in $(seq 1 20); do
  (echo > /dev/tcp/127.0.0.1/5432) 2>/dev/null && break
  sleep 0.5
done
exit 0
