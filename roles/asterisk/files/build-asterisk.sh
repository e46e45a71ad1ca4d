#!/bin/sh
# Builds Asterisk from Debian's DFSG source tarballs (main + pjproject component), offline,
# installs it under PREFIX and packs the installed tree as an artifact for other hosts.
#
#   build-asterisk.sh MAIN_TARBALL PJPROJECT_TARBALL WORK_DIR PREFIX VERSION PJPROJECT_VERSION ARTIFACT
#
# MAIN_TARBALL is Debian's asterisk_VERSION+dfsg+....orig.tar.xz, PJPROJECT_TARBALL its
# ...orig-Xpjproject.tar.xz component (both already checked against their SHA-256). Nothing is
# fetched from the network: pjproject comes from the component tarball, sounds from Debian's
# packages. Exit 0: built, installed and packed; non-zero: failed (log in WORK_DIR/build.log).
set -eu
main=$1 pj=$2 SRC_DIR=$3 PREFIX=$4 VERSION=$5 PJVER=$6 ARTIFACT=$7
JOBS=${JOBS:-$(nproc)}
mkdir -p "$SRC_DIR"
cd "$SRC_DIR"
LOG=$SRC_DIR/build.log
: > "$LOG"
exec 3>&1 >>"$LOG" 2>&1
say() { echo "$*" >&3; echo "== $*"; }
start=$(date +%s)
trap 'rc=$?; if [ "$rc" -ne 0 ]; then echo "Asterisk build failed (exit $rc); the end of $LOG:" >&3; tail -n 40 "$LOG" >&3; fi' EXIT

rm -rf "asterisk-$VERSION" pjcache
tar xJf "$main"

# pjproject as Asterisk's build expects a downloaded release: pjproject-PJVER.tar.bz2 in the
# externals cache, with the md5 file in third-party/pjproject rewritten to match (as Debian does)
mkdir pjcache
tar xJf "$pj" -C pjcache
mv pjcache/pjsip-pjproject-* "pjcache/pjproject-$PJVER" 2>/dev/null || mv pjcache/pjproject-* "pjcache/pjproject-$PJVER"
# Debian strips the non-free bdimad audio driver: drop it from the object list
sed -i 's/ bdimad_dev\.o//' "pjcache/pjproject-$PJVER/pjmedia/build/Makefile"
(cd pjcache && tar cjf "pjproject-$PJVER.tar.bz2" "pjproject-$PJVER" && rm -rf "pjproject-$PJVER")
cd "asterisk-$VERSION"
(cd ../pjcache && md5sum "pjproject-$PJVER.tar.bz2") > "third-party/pjproject/pjproject-$PJVER.tar.bz2.md5"
# Debian strips iLBC (codecs/ilbc): do not descend into it
sed -i '/^\t\$(SUB_ILBC) \\$/d' codecs/Makefile

say "configure"
./configure --prefix="$PREFIX" --with-pjproject-bundled --with-externals-cache="$SRC_DIR/pjcache"
make menuselect.makeopts
menuselect/menuselect --disable BUILD_NATIVE --disable codec_ilbc \
    --disable-category MENUSELECT_CORE_SOUNDS --disable-category MENUSELECT_MOH \
    --disable-category MENUSELECT_EXTRA_SOUNDS \
    menuselect.makeopts
t1=$(date +%s)
say "make -j$JOBS (configure took $((t1 - start)) s)"
make -j"$JOBS"
t2=$(date +%s)
say "make install (make took $((t2 - t1)) s)"
make install
# debug symbols make up most of the tree: strip them (121 MB -> about 30 MB)
find "$PREFIX/lib" "$PREFIX/sbin" -type f \( -name '*.so*' -o -perm -u+x \) -exec strip --strip-unneeded {} + 2>/dev/null || true
cat > "$PREFIX/.oml-build" <<EOF
version=$VERSION
pjproject=$PJVER
os=$(. /etc/os-release && echo "$ID-$VERSION_ID")
arch=$(dpkg --print-architecture)
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
mkdir -p "$(dirname "$ARTIFACT")"
# members relative to PREFIX: the role unpacks it with dest PREFIX
tar -C "$PREFIX" -czf "$ARTIFACT.tmp" .
mv "$ARTIFACT.tmp" "$ARTIFACT"
t3=$(date +%s)
say "done: total $((t3 - start)) s, artifact $ARTIFACT ($(du -h "$ARTIFACT" | cut -f1))"
