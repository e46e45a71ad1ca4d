#!/usr/bin/env bash
# Builds the release artifacts an operator installs without a JDK or Maven, into target/dist/:
#   oml-deploy-VERSION-linux-x64.tar.gz   self-contained: Java runtime (jlink), jar, launcher,
#                                         man pages, bash and zsh completion
#   oml-deploy_DEBVERSION_amd64.deb       the same under /usr/lib/oml-deploy; /usr/bin/deploy
# VERSION comes from git (deploy --version; docs/release.md). Needs a Debian host with
# openjdk-17-jdk-headless and Maven; installs the JDK's jmods and asciidoctor from Debian's
# packages when missing. About a minute and a half on 2 cores, most of it Maven and jlink.
# Usage: scripts/package.sh [--no-build]   (--no-build: package the target/oml-deploy.jar there is)
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf "[package] %s\n" "$*" >&2; }
started=$(date +%s)

build=1
[ "${1:-}" = --no-build ] && build=0

java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "$@" >/var/log/oml-package-apt.log 2>&1 \
    || { log "apt-get install $* failed; see /var/log/oml-package-apt.log"; exit 1; }
}
if [ ! -f "$java_home/jmods/java.base.jmod" ]; then
  # Debian 12 ships the jmods in openjdk-17-jdk-headless, later releases in openjdk-17-jmods.
  log "installing the JDK's jmods (jlink needs them)"
  if apt-cache show openjdk-17-jmods >/dev/null 2>&1; then apt_install openjdk-17-jmods; else apt_install openjdk-17-jdk-headless; fi
fi
command -v asciidoctor >/dev/null || { log "installing asciidoctor (man pages)"; apt_install asciidoctor; }

if [ $build -eq 1 ] || [ ! -f target/oml-deploy.jar ]; then
  log "building target/oml-deploy.jar"
  mvn -q -B -ntp clean package -DskipTests   # clean: nothing stale from an earlier build goes out
fi
jar=target/oml-deploy.jar
version=$(java -cp "$jar" org.omnileads.deploy.cli.Version)
debversion=$(java -cp "$jar" org.omnileads.deploy.cli.Version --debian)
picocli=$(sed -n 's:.*<picocli.version>\(.*\)</picocli.version>.*:\1:p' pom.xml)
log "version $version (Debian $debversion)"

work=target/package
rm -rf "$work" target/dist && mkdir -p "$work" target/dist   # one version in dist/
name=oml-deploy-$version
root="$work/$name"
mkdir -p "$root/bin" "$root/lib" "$root/share/man/man1" "$root/share/bash-completion/completions" \
  "$root/share/zsh/site-functions" "$root/share/doc/oml-deploy"

# The Java runtime: only the modules the jar needs (jdeps), plus the providers that are looked up
# at run time and so invisible to jdeps: elliptic curves (SSH key exchange and host keys) and the
# zip file system (the roles are read from inside the jar).
modules=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$jar")
modules="$modules,jdk.crypto.ec,jdk.zipfs"
log "jlink: $modules"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$root/runtime"
# The runtime's own class-data archive (JDK classes): the JDK ships one, jlink does not make it.
"$root/runtime/bin/java" -Xshare:dump -Xlog:cds=off >/dev/null

cp "$jar" "$root/lib/oml-deploy.jar"
install -m 0755 packaging/deploy "$root/bin/deploy"
install -m 0755 packaging/make-cds-archive "$root/lib/make-cds-archive"
cp inventory.example.ini README.md "$root/share/doc/oml-deploy/"

# Man pages from the picocli model: picocli-codegen writes AsciiDoc, asciidoctor turns it into troff.
mvn -q -B -ntp dependency:copy -Dartifact="info.picocli:picocli-codegen:$picocli" -DoutputDirectory="$work/tools"
java -cp "$jar:$work/tools/picocli-codegen-$picocli.jar" picocli.codegen.docgen.manpage.ManPageGenerator \
  -d "$work/adoc" org.omnileads.deploy.cli.DeployCommand
asciidoctor -b manpage -a "mansource=oml-deploy $version" -a "manmanual=oml-deploy Manual" \
  -D "$root/share/man/man1" "$work"/adoc/*.adoc
[ -f "$root/share/man/man1/deploy.1" ] || { log "no deploy.1 made"; exit 1; }

# Completion: the script `deploy completion` prints (picocli AutoComplete), loaded by zsh through bashcompinit.
java -jar "$jar" completion > "$root/share/bash-completion/completions/deploy"
install -m 0644 packaging/_deploy "$root/share/zsh/site-functions/_deploy"

# Fixed modification times, so that two packagings of one commit give the same files.
stamp=$(git log -1 --format=%ct 2>/dev/null || date +%s)
find "$root" -exec touch -h -d "@$stamp" {} +

tarball="target/dist/$name-linux-x64.tar.gz"
tar -C "$work" --owner=0 --group=0 --numeric-owner --sort=name -czf "$tarball" "$name"

# The .deb: the same tree under /usr/lib/oml-deploy, the command, man pages and completion where
# Debian looks for them.
deb="$work/deb"
lib="$deb/usr/lib/oml-deploy"
mkdir -p "$lib" "$deb/usr/bin" "$deb/usr/share/man/man1" "$deb/usr/share/bash-completion/completions" \
  "$deb/usr/share/zsh/vendor-completions" "$deb/usr/share/doc" "$deb/DEBIAN"
cp -a "$root/bin" "$root/lib" "$root/runtime" "$lib/"
cp -a "$root/share/doc/oml-deploy" "$deb/usr/share/doc/"
ln -s ../lib/oml-deploy/bin/deploy "$deb/usr/bin/deploy"
for page in "$root"/share/man/man1/*.1; do gzip -9n < "$page" > "$deb/usr/share/man/man1/$(basename "$page").gz"; done
cp "$root/share/bash-completion/completions/deploy" "$deb/usr/share/bash-completion/completions/deploy"
cp "$root/share/zsh/site-functions/_deploy" "$deb/usr/share/zsh/vendor-completions/_deploy"
install -m 0755 packaging/debian/postinst packaging/debian/prerm "$deb/DEBIAN/"
# The runtime's shared libraries need these (objdump -p | NEEDED on Debian 12's OpenJDK 17).
depends="libc6 (>= 2.34), libgcc-s1, libstdc++6, zlib1g"
cat > "$deb/DEBIAN/control" <<CONTROL
Package: oml-deploy
Version: $debversion
Architecture: amd64
Maintainer: OMniLeads deploy maintainers <oml-deploy@omnileads.net>
Installed-Size: $(du -sk --exclude=DEBIAN "$deb" | cut -f1)
Depends: $depends
Suggests: podman
Section: admin
Priority: optional
Homepage: https://www.omnileads.net
Description: installs the OMniLeads contact-center stack over SSH
 deploy installs OMniLeads onto one, two or five Debian hosts over SSH from a
 workstation, reading the inventory of the old deploy.sh. It brings its own
 Java runtime: no JDK is needed.
CONTROL
find "$deb" -exec touch -h -d "@$stamp" {} +
debfile="target/dist/oml-deploy_${debversion}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$debfile" >/dev/null

log "done in $(( $(date +%s) - started )) s"
ls -l "$tarball" "$debfile" >&2
printf '%s\n' "$tarball" "$debfile"
