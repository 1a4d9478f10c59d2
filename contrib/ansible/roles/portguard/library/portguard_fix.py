#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The portguard role's module: runs portguard check and, only when port
# 111 is exposed, portguard fix (fix --dry-run in check mode), and maps
# portguard's exit codes onto Ansible's: 0 ok, 2 changed, 1 failed with
# portguard's own one-line message. The diff is the plan: what is
# exposed before, the nft and systemd steps fix carries out after.

DOCUMENTATION = r"""
module: portguard_fix
short_description: Close an open portmapper (port 111) with portguard
description:
  - Runs C(portguard check); when port 111 is exposed, C(portguard fix),
    or C(portguard fix --dry-run) in check mode.
  - Exit code 0 is ok, 2 changed, 1 failed with portguard's message.
options:
  mode:
    description: The action fix takes.
    type: str
    choices: [auto, stop, restrict]
    default: auto
  trusted:
    description: Networks (CIDR) that may still reach port 111.
    type: list
    elements: str
    default: []
  abuse_report:
    description: The provider's abuse mail on the host, quoted in the report.
    type: path
  services:
    description: The services to check and fix (C(--service)); empty, every service check looks at.
    type: list
    elements: str
    default: []
  binary:
    description: The portguard program.
    type: path
    default: /usr/sbin/portguard
"""

import json

from ansible.module_utils.basic import AnsibleModule


def portguard_json(module, argv):
    """Runs portguard; returns its exit code and parsed JSON, or fails the
    task with the one line portguard printed on stderr."""
    rc, out, err = module.run_command(argv)
    if rc not in (0, 2):
        module.fail_json(msg=err.strip() or out.strip() or "%s exited %d" % (argv[0], rc),
                         rc=rc, cmd=argv)
    try:
        return rc, json.loads(out)
    except ValueError:
        module.fail_json(msg="%s printed no JSON: %s" % (" ".join(argv), out[:200]), rc=rc, cmd=argv)
    return rc, None


def describe_before(result):
    lines = ["port 111: %s" % ("exposed" if result.get("exposed") else "not exposed")]
    for listener in result.get("listeners", []):
        lines.append("  %s %s:%s %s %s" % (listener.get("proto"), listener.get("address"), listener.get("port"),
                                           listener.get("process") or "?", listener.get("unit") or ""))
    return "\n".join(lines) + "\n"


def describe_plan(result):
    plan = result.get("plan", {})
    lines = ["plan: %s: %s" % (plan.get("action"), plan.get("reason", ""))]
    lines += ["  %d. %s" % (number, step) for number, step in enumerate(plan.get("steps", []), 1)]
    if plan.get("trusted"):
        lines.append("  trusted: %s" % ", ".join(plan["trusted"]))
    return "\n".join(lines) + "\n"


def main():
    module = AnsibleModule(
        argument_spec=dict(
            mode=dict(type="str", choices=["auto", "stop", "restrict"], default="auto"),
            trusted=dict(type="list", elements="str", default=[]),
            abuse_report=dict(type="path"),
            services=dict(type="list", elements="str", default=[]),
            binary=dict(type="path", default="/usr/sbin/portguard"),
        ),
        supports_check_mode=True,
    )
    options = ["--json", "--mode", module.params["mode"]]
    options += ["--trusted=%s" % network for network in module.params["trusted"]]
    if module.params["services"]:
        options += ["--service", ",".join(module.params["services"])]
    binary = module.params["binary"]

    rc, before = portguard_json(module, [binary, "check"] + options)
    if rc == 0:
        module.exit_json(changed=False, exposed=False, portguard=before)

    if module.params["abuse_report"]:
        options += ["--abuse-report", module.params["abuse_report"]]
    argv = [binary, "fix"] + options + (["--dry-run"] if module.check_mode else [])
    rc, after = portguard_json(module, argv)
    diff = dict(before_header="port 111 now", before=describe_before(before),
                after_header="portguard fix", after=describe_plan(after))
    # In check mode nothing changed, so it is still exposed; after a fix,
    # its own verification ("after") says.
    exposed = True if module.check_mode else bool(after.get("after", {}).get("exposed", False))
    module.exit_json(changed=rc == 2, exposed=exposed, report=after.get("report"), portguard=after, diff=diff)


if __name__ == "__main__":
    main()
