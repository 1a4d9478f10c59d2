#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The release checks, on Debian 12 as root: the tarball builds and passes
# its own tests (make distcheck); the Debian package builds from a clean
# copy of the tree (dpkg-buildpackage -us -uc -b) and is lintian-clean; it
# installs, fixes, upgrades, is removed and purged on a booted systemd
# host with port 111 closed throughout (tests/release/deb-sandbox.sh); a
# source install (./configure && make && make install, default prefix)
# runs the agent there and make uninstall removes it
# (tests/release/make-install-sandbox.sh); the
# Ansible role is ansible-lint clean and passes its four ansible-playbook
# runs (tests/release/ansible-role.sh); the fleet play answers a provider's
# report over SSH to three booted hosts (tests/release/ansible-fleet.sh).
# tests/run-all.sh runs it too.
# Ends with one line: "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/contrib/install-deps.sh" --release || { echo "0 passed, 1 failed"; exit 1; }
git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
	{ echo "release: $top is not a git checkout; run it from a clone"; echo "0 passed, 1 failed"; exit 1; }
work=$(mktemp -d /tmp/portguard-release.XXXXXX) || exit 1
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

# step NAME COMMAND...: one check, in a subshell; its output goes to
# $work/NAME.log and is shown when it fails.
step() {
	local name=$1; shift
	local start=$SECONDS
	if ("$@") >"$work/$name.log" 2>&1; then
		echo "PASS: release/$name ($((SECONDS - start)) s)"
		passed=$((passed + 1))
	else
		echo "FAIL: release/$name ($((SECONDS - start)) s)"
		echo "---- $name"; tail -n 60 "$work/$name.log"
		failed=$((failed + 1))
	fi
}

# clean_copy DIR: the tree as a fresh clone would have it, with changes
# not yet committed: no build trees, nothing .gitignore names.
clean_copy() {
	mkdir -p "$1" && git -C "$top" ls-files -z -co --exclude-standard |
		(cd "$top" && tar --null -cf - -T -) | tar -xf - -C "$1"
}

distcheck() {
	clean_copy "$work/dist" && cd "$work/dist" && autoreconf -fi && mkdir build && cd build &&
		../configure -q && make -j"$(nproc)" distcheck
}

version=$(sed -n '1s/^portguard (\([^)]*\)).*/\1/p' "$top/debian/changelog")
later="$version+release.test"
packages="$work/packages"

# package DIR [VERSION]: builds the .deb in a clean copy at DIR, as
# VERSION when given (a later version, to test upgrades).
package() {
	local dir=$1 as_version=${2:-}
	clean_copy "$dir/portguard" && cd "$dir/portguard" || return 1
	if [ -n "$as_version" ]; then
		{ printf 'portguard (%s) unstable; urgency=medium\n\n  * A later version, to test upgrades.\n\n' "$as_version"
		  printf ' -- portguard developers <dev@portguard.invalid>  %s\n\n' "$(date -R)"
		  cat debian/changelog; } >debian/changelog.new && mv debian/changelog.new debian/changelog
		export DEB_BUILD_OPTIONS=nocheck
	fi
	dpkg-buildpackage -us -uc -b && mkdir -p "$packages" && cp "$dir"/*.deb "$dir"/*.changes "$dir"/*.buildinfo "$packages/"
}

release_test() {
	PACKAGES=$packages OLD_VERSION=$version NEW_VERSION=$later TOP_SRCDIR=$top bash "$top/tests/release/$1.sh"
}

# make_install: the tree built in place with the default prefix, as a
# user builds a tarball, then installed and uninstalled on a booted systemd.
make_install() {
	clean_copy "$work/source/portguard" && cd "$work/source/portguard" && autoreconf -fi &&
		./configure -q && make -j"$(nproc)" &&
		SOURCE_TREE=$work/source/portguard TOP_SRCDIR=$top bash "$top/tests/release/make-install-sandbox.sh"
}

step distcheck distcheck
step make-install make_install
step deb-build package "$work/build-old"
step deb-build-later package "$work/build-later" "$later"
step lintian lintian --fail-on error,warning "$packages/portguard_${version}_"*.changes
step deb-sandbox release_test deb-sandbox
step ansible-lint sh -c "cd '$top/contrib/ansible' && ansible-lint --offline roles/portguard answer-report.yml"
step ansible-role release_test ansible-role
step ansible-fleet release_test ansible-fleet

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
