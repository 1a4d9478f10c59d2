# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for portguard
_portguard() {
	local current=${COMP_WORDS[COMP_CWORD]} previous=${COMP_WORDS[COMP_CWORD-1]}
	local commands="check fix undo report probe watch abuse-report"
	local options="--json --nagios --mode --trusted --force --all-rpc --dry-run --abuse-report --report-dir --config --root --port --timeout --service --quiet --verbose --version --help"
	case $previous in
	--mode) COMPREPLY=($(compgen -W "auto stop restrict" -- "$current")); return ;;
	--abuse-report|--config|abuse-report) COMPREPLY=($(compgen -f -- "$current")); return ;;
	--report-dir|--root) COMPREPLY=($(compgen -d -- "$current")); return ;;
	--service) COMPREPLY=($(compgen -W "portmapper mdns snmp ntp memcached netbios ssdp chargen tftp wsd dns cldap ipmi" -- "$current")); return ;;
	--trusted|--port|--timeout) return ;;
	probe) COMPREPLY=($(compgen -A hostname -- "$current")); return ;;
	esac
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$commands $options" -- "$current"))
	else
		COMPREPLY=($(compgen -W "$options" -- "$current"))
	fi
}
complete -F _portguard portguard
