# SPDX-License-Identifier: GPL-2.0-or-later
# Runs as an unprivileged user (uid 65534) must not read from the
# checkout or the build tree: a clone may sit in a directory only root can
# enter (/root, mktemp -d). unprivileged_copy gives such runs their own
# readable copies. Source after assert.sh; the caller removes
# $unprivileged_dir (add it to its EXIT trap).

require_tools setpriv
unprivileged_dir=$(mktemp -d) || exit 99
chmod 755 "$unprivileged_dir"

# unprivileged_copy VAR FILE: copies FILE into $unprivileged_dir, readable
# (and executable if it was) by everybody; its new path goes into VAR.
unprivileged_copy() {
	local var=$1 file=$2 copy
	copy="$unprivileged_dir/${file##*/}"
	cp "$file" "$copy" || exit 99
	chmod a+rX "$copy"
	printf -v "$var" '%s' "$copy"
}

# "${as_nobody[@]}" COMMAND...: COMMAND as uid and gid 65534, without
# groups (an array, not a function, so that ip netns exec can run it).
as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
