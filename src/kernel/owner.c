/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/safe_file.h"
#include "kernel/owner.h"

/* Handle type of cgroup directories on cgroup2 (kernfs); the handle is
 * the 64-bit cgroup id that sock_diag reports. */
#define FILEID_KERNFS 0xfe
#define CGROUP_WALK_MAX_DEPTH 32

struct pid_set {
	pid_t *items;
	size_t count, capacity;
};

/* No search for a repeat here: a process is in one cgroup, so repeats
 * are rare (PID 1, a service beside its socket), and one costs a second
 * read of a process whose owners are kept once anyway. A root cgroup
 * with thousands of processes must not make this quadratic. */
static int pid_set_add(struct pid_set *set, pid_t pid)
{
	pid_t *items = grow_for_one(set->items, set->count, &set->capacity, sizeof(*items));

	if (!items)
		return -ENOMEM;
	set->items = items;
	set->items[set->count++] = pid;
	return 0;
}

static int compare_pid(const void *left, const void *right)
{
	pid_t a = *(const pid_t *)left, b = *(const pid_t *)right;

	return (a > b) - (a < b);
}

/* set must be sorted (pid_set_sort). */
static bool pid_set_contains(const struct pid_set *set, pid_t pid)
{
	return set->count && bsearch(&pid, set->items, set->count, sizeof(pid), compare_pid);
}

static void pid_set_sort(struct pid_set *set)
{
	if (set->count > 1)
		qsort(set->items, set->count, sizeof(*set->items), compare_pid);
}

static int read_small_file(int directory_fd, const char *path, char *buffer, size_t size)
{
	int fd = safe_file_open(directory_fd, path, O_RDONLY, 0);
	ssize_t length;

	if (fd < 0)
		return fd;
	length = read(fd, buffer, size - 1);
	close(fd);
	if (length < 0)
		return -errno;
	buffer[length] = '\0';
	return (int)length;
}

/* "PROC/PID/leaf": proc is "/proc", or a test's tree in its place. */
static void proc_path(char *buffer, size_t size, const char *proc, pid_t pid, const char *leaf)
{
	snprintf(buffer, size, "%s/%d/%s", proc, (int)pid, leaf);
}

static void unit_of_pid(const char *proc, pid_t pid, char *buffer)
{
	char path[PATH_MAX], content[4096];
	const char *line = NULL;

	buffer[0] = '\0';
	proc_path(path, sizeof(path), proc, pid, "cgroup");
	if (read_small_file(AT_FDCWD, path, content, sizeof(content)) < 0)
		return;
	/* The unified hierarchy, or systemd's own on a hybrid host. */
	line = strstr(content, "0::/");
	if (!line || (line != content && line[-1] != '\n'))
		line = strstr(content, ":name=systemd:/");
	if (!line)
		return;
	line = strchr(line, '/');
	size_t length = strcspn(line, "\n");
	/* The innermost component that names a unit (not a slice). */
	for (size_t end = length; end > 0;) {
		size_t start = end;

		while (start > 0 && line[start - 1] != '/')
			start--;
		size_t component = end - start;
		static const char *const suffixes[] = { ".service", ".scope", ".socket", ".mount", ".swap" };
		for (size_t s = 0; s < sizeof(suffixes) / sizeof(suffixes[0]); s++) {
			size_t suffix = strlen(suffixes[s]);

			if (component > suffix && component < UNIT_NAME_MAX &&
			    memcmp(line + end - suffix, suffixes[s], suffix) == 0) {
				memcpy(buffer, line + start, component);
				buffer[component] = '\0';
				return;
			}
		}
		end = start > 0 ? start - 1 : 0;
	}
}

void owner_unit_of_pid(pid_t pid, char *buffer)
{
	unit_of_pid("/proc", pid, buffer);
}

static int add_owner(struct listener *listener, pid_t pid, const char *process, const char *unit)
{
	struct owner *owner;

	for (size_t i = 0; i < listener->owner_count; i++)
		if (listener->owners[i].pid == pid)
			return 0;
	if (listener->owner_count == LISTENER_OWNERS_MAX)
		return 0;	/* more holders than we print: the first are enough */
	owner = &listener->owners[listener->owner_count++];
	owner->pid = pid;
	snprintf(owner->process, sizeof(owner->process), "%s", process);
	snprintf(owner->unit, sizeof(owner->unit), "%s", unit);
	return 0;
}

/* Reads the fds of one process and records it as owner of every listener
 * whose socket it holds. */
static int check_process(const char *proc, struct listener_list *list, pid_t pid)
{
	char path[PATH_MAX], process[PROCESS_NAME_MAX] = "", unit[UNIT_NAME_MAX] = "";
	bool described = false;
	struct dirent *entry;
	DIR *directory;

	proc_path(path, sizeof(path), proc, pid, "fd");
	directory = opendir(path);
	if (!directory) {
		if (errno == EACCES || errno == EPERM)
			list->owners_incomplete = true;
		return 0;	/* gone, or not ours to read */
	}
	while ((entry = readdir(directory))) {
		char target[64];
		ssize_t length;
		uint64_t inode;

		if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
			continue;
		length = readlinkat(dirfd(directory), entry->d_name, target, sizeof(target) - 1);
		if (length < 0 && (errno == EACCES || errno == EPERM)) {
			/* One fd denied means all of them are. */
			list->owners_incomplete = true;
			break;
		}
		if (length < 9 || memcmp(target, "socket:[", 8) != 0)
			continue;
		target[length] = '\0';
		if (sscanf(target + 8, "%" SCNu64 "]", &inode) != 1)
			continue;
		for (size_t i = 0; i < list->count; i++) {
			if (list->items[i].inode != inode)
				continue;
			if (!described) {
				int r;

				proc_path(path, sizeof(path), proc, pid, "comm");
				r = read_small_file(AT_FDCWD, path, process, sizeof(process));
				if (r > 0 && process[r - 1] == '\n')
					process[r - 1] = '\0';
				unit_of_pid(proc, pid, unit);
				described = true;
			}
			add_owner(&list->items[i], pid, process, unit);
		}
	}
	closedir(directory);
	return 0;
}

static bool every_listener_owned(const struct listener_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].owner_count == 0)
			return false;
	return true;
}

/* A cgroup this small is read whole, and every holder is found: a few
 * processes with a few thousand fds in all cost well under 1 ms. */
#define CANDIDATES_READ_WHOLE 8
#define CANDIDATE_FDS_READ_WHOLE 4096

struct candidate {
	pid_t pid;
	bool likely;		/* a portmapper, or systemd holding a socket unit's socket */
	bool fd_count_known;	/* stat of /proc/PID/fd worked */
	uint64_t fd_count;	/* 0 where the kernel does not say (before 6.2) */
};

static bool names_process(const char *const *names, const char *process)
{
	for (; names && *names; names++)
		if (strncmp(process, *names, strlen(*names)) == 0)
			return true;
	return false;
}

/* The service's daemons, and systemd holding a socket unit's socket. */
static bool likely_holder(const char *proc, pid_t pid, const char *const *likely_processes)
{
	static const char *const systemd[] = { "systemd", NULL };
	char path[PATH_MAX], process[PROCESS_NAME_MAX];

	if (pid == 1)
		return true;
	proc_path(path, sizeof(path), proc, pid, "comm");
	if (read_small_file(AT_FDCWD, path, process, sizeof(process)) <= 0)
		return false;
	return names_process(likely_processes, process) || names_process(systemd, process);
}

static int compare_candidates(const void *left, const void *right)
{
	const struct candidate *a = left, *b = right;

	if (a->likely != b->likely)
		return a->likely ? -1 : 1;
	return (a->fd_count > b->fd_count) - (a->fd_count < b->fd_count);
}

/* Where many processes could hold the sockets (everything shares one
 * cgroup: a container, a host without systemd, the root cgroup; or the
 * sockets' cgroup is empty because their holder was moved, and every
 * process is a candidate), reading every fd of every process is what
 * ss -p does. The holder of a portmapper socket is nearly always the
 * portmapper or PID 1: those go first, then the others by fd count,
 * fewest first (the kernel tells the count without reading the fds), and
 * the search ends once every socket has an owner. The processes left
 * unread could hold a socket too: owners_partial says so. */
static void check_candidates(const char *proc, struct listener_list *list, const struct pid_set *candidates,
			     const char *const *likely_processes)
{
	size_t count = candidates->count;
	uint64_t fds = 0;
	struct candidate *order = count > 1 ? calloc(count, sizeof(*order)) : NULL;

	for (size_t i = 0; order && i < count; i++) {
		char path[PATH_MAX];
		struct stat status;

		order[i].pid = candidates->items[i];
		proc_path(path, sizeof(path), proc, order[i].pid, "fd");
		order[i].fd_count_known = stat(path, &status) == 0;
		if (order[i].fd_count_known && status.st_size > 0)
			order[i].fd_count = (uint64_t)status.st_size;
		fds += order[i].fd_count;
	}
	if (!order || (count <= CANDIDATES_READ_WHOLE && fds <= CANDIDATE_FDS_READ_WHOLE)) {
		for (size_t i = 0; i < count; i++)
			check_process(proc, list, candidates->items[i]);
		free(order);
		return;
	}
	/* A kernel that counts fds (6.2 and later) says 0 for kernel threads
	 * and zombies: nothing to read there, nor a name to ask for. */
	for (size_t i = 0; i < count; i++)
		order[i].likely = (fds == 0 || order[i].fd_count > 0 || !order[i].fd_count_known) &&
				  likely_holder(proc, order[i].pid, likely_processes);
	qsort(order, count, sizeof(*order), compare_candidates);
	for (size_t i = 0; i < count; i++) {
		if (fds > 0 && order[i].fd_count_known && order[i].fd_count == 0)
			continue;
		check_process(proc, list, order[i].pid);
		if (i + 1 < count && every_listener_owned(list)) {
			list->owners_partial = true;
			break;
		}
	}
	free(order);
}

static int open_cgroup2_mount(const char *mountinfo_path, const char *prefix)
{
	FILE *mountinfo;
	char line[4096];
	int fd = safe_file_stream(AT_FDCWD, mountinfo_path, 0, &mountinfo);

	if (fd < 0)
		return fd;
	fd = -ENOENT;
	while (fgets(line, sizeof(line), mountinfo)) {
		char mount_point[PATH_MAX], path[PATH_MAX + 32];
		const char *separator = strstr(line, " - ");

		if (!separator || strncmp(separator + 3, "cgroup2 ", 8) != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mount_point) != 1)
			continue;
		snprintf(path, sizeof(path), "%s%s", prefix, mount_point);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
		break;
	}
	fclose(mountinfo);
	return fd;
}

/* `ip netns exec` mounts a fresh /sys over the cgroup mounts; PID 1's
 * view of the same hierarchy still reaches them. */
static int cgroup2_mount_fd(void)
{
	int fd = open_cgroup2_mount("/proc/self/mountinfo", "");

	if (fd < 0)
		fd = open_cgroup2_mount("/proc/1/mountinfo", "/proc/1/root");
	return fd;
}

/* Depth-first search for the directory whose inode is the cgroup id: the
 * fallback when open_by_handle_at is not allowed. */
static int find_cgroup_by_inode(int directory_fd, uint64_t id, unsigned int depth)
{
	struct dirent *entry;
	DIR *directory;
	int found = -ENOENT;
	int fd = dup(directory_fd);

	if (fd < 0 || depth > CGROUP_WALK_MAX_DEPTH) {
		if (fd >= 0)
			close(fd);
		return -ENOENT;
	}
	/* A dup shares the offset: an earlier walk left it at the end. */
	lseek(fd, 0, SEEK_SET);
	directory = fdopendir(fd);
	if (!directory) {
		close(fd);
		return -errno;
	}
	while (found < 0 && (entry = readdir(directory))) {
		struct stat status;
		int child;

		if (entry->d_type != DT_DIR || entry->d_name[0] == '.')
			continue;
		child = openat(dirfd(directory), entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (child < 0)
			continue;
		if (fstat(child, &status) == 0 && status.st_ino == id) {
			found = child;
			break;
		}
		found = find_cgroup_by_inode(child, id, depth + 1);
		close(child);
	}
	closedir(directory);
	return found;
}

static int open_cgroup(int mount_fd, uint64_t id)
{
	struct {
		struct file_handle handle;
		uint64_t id;
	} handle = { .handle = { .handle_bytes = sizeof(uint64_t), .handle_type = FILEID_KERNFS } };
	struct stat status;
	int fd;

	memcpy(handle.handle.f_handle, &id, sizeof(id));
	fd = open_by_handle_at(mount_fd, &handle.handle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (fstat(mount_fd, &status) == 0 && status.st_ino == id)
		return dup(mount_fd);
	return find_cgroup_by_inode(mount_fd, id, 0);
}

static int add_cgroup_processes(struct pid_set *candidates, int cgroup_fd)
{
	FILE *procs;
	long pid;
	int r = safe_file_stream(cgroup_fd, "cgroup.procs", 0, &procs);

	if (r < 0)
		return r;
	while (r == 0 && fscanf(procs, "%ld", &pid) == 1)
		if (pid > 0 && pid <= INT_MAX)
			r = pid_set_add(candidates, (pid_t)pid);
	fclose(procs);
	return r;
}

static bool cgroup_seen_before(const struct listener_list *list, size_t index)
{
	for (size_t i = 0; i < index; i++)
		if (list->items[i].cgroup_id == list->items[index].cgroup_id)
			return true;
	return false;
}


/* systemd creates the sockets of a socket unit in that unit's cgroup
 * ("/system.slice/rpcbind.socket"), which holds no process: the cgroup
 * names the unit, PID 1 holds the socket, and the service the unit
 * starts (rpcbind.service beside it) may hold it too. */
static void note_socket_unit_cgroup(int cgroup_fd, int mount_fd, char *ret_unit, struct pid_set *candidates)
{
	char link[64], path[PATH_MAX], service[UNIT_NAME_MAX + 8];
	const char *name;
	ssize_t length;
	size_t name_length;
	int service_fd;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", cgroup_fd);
	length = readlink(link, path, sizeof(path) - 1);
	if (length <= 0)
		return;
	path[length] = '\0';
	name = strrchr(path, '/');
	name = name ? name + 1 : path;
	name_length = strlen(name);
	if (name_length <= 7 || name_length >= UNIT_NAME_MAX || strcmp(name + name_length - 7, ".socket") != 0)
		return;
	memcpy(ret_unit, name, name_length + 1);
	pid_set_add(candidates, 1);
	/* The default service of foo.socket is foo.service, in the same slice. */
	snprintf(service, sizeof(service), "../%.*s.service", (int)(name_length - 7), name);
	service_fd = openat(cgroup_fd, service, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (service_fd >= 0) {
		add_cgroup_processes(candidates, service_fd);
		close(service_fd);
	}
	(void)mount_fd;
}

/* Names the socket unit of every socket PID 1 holds: from the socket's
 * cgroup when that names it, else by asking systemd which socket unit
 * listens there (whose service's processes become candidates too). */
static void attribute_socket_units(struct listener_list *list, int mount_fd, char (*cgroup_units)[UNIT_NAME_MAX],
				   struct pid_set *candidates, owner_socket_unit_lookup socket_unit_for)
{
	for (size_t i = 0; i < list->count; i++) {
		struct listener *listener = &list->items[i];

		for (size_t o = 0; o < listener->owner_count; o++) {
			struct owner *owner = &listener->owners[o];
			char unit[UNIT_NAME_MAX], service_cgroup[PATH_MAX];
			int cgroup_fd;

			if (owner->pid != 1 || strstr(owner->unit, ".socket"))
				continue;	/* not PID 1, or named already */
			if (cgroup_units[i][0]) {
				snprintf(owner->unit, sizeof(owner->unit), "%s", cgroup_units[i]);
				continue;
			}
			if (!socket_unit_for || socket_unit_for(listener, unit, service_cgroup) < 0)
				continue;
			snprintf(owner->unit, sizeof(owner->unit), "%s", unit);
			if (mount_fd < 0 || service_cgroup[0] != '/')
				continue;
			cgroup_fd = service_cgroup[1]
				? openat(mount_fd, service_cgroup + 1, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
				: dup(mount_fd);
			if (cgroup_fd < 0)
				continue;	/* service not running */
			add_cgroup_processes(candidates, cgroup_fd);
			close(cgroup_fd);
		}
	}
}

/* Every process not read yet, in the order of check_candidates: the
 * sockets' cgroup named no holder (it is empty since the holder moved to
 * another cgroup, or no cgroup2 is mounted). */
static int check_all_processes(const char *proc, struct listener_list *list, const struct pid_set *checked,
			       const char *const *likely_processes)
{
	struct pid_set others = { 0 };
	struct dirent *entry;
	DIR *directory = opendir(proc);
	int r = 0;

	if (!directory)
		return -errno;
	while (r == 0 && (entry = readdir(directory))) {
		char *end;
		long pid = strtol(entry->d_name, &end, 10);

		if (*end != '\0' || pid <= 0 || pid > INT_MAX || pid_set_contains(checked, (pid_t)pid))
			continue;
		r = pid_set_add(&others, (pid_t)pid);
	}
	closedir(directory);
	if (r == 0)
		check_candidates(proc, list, &others, likely_processes);
	free(others.items);
	return r;
}

/* The owners the walks of one command found, by socket, while
 * owner_memo_begin holds (see owner.h). A socket is known by its inode,
 * which the kernel hands to no other socket while it lives, and by its
 * port and transport. */
struct memo_entry {
	uint64_t inode;
	uint16_t port;
	enum transport transport;
	bool incomplete, partial;	/* the flags of the list it was found in */
	size_t owner_count;
	struct owner owners[LISTENER_OWNERS_MAX];
};

static struct {
	bool on;
	struct memo_entry *items;
	size_t count, capacity;
} memo;

void owner_memo_begin(void)
{
	memo.on = true;
}

bool owner_memo_active(void)
{
	return memo.on;
}

void owner_memo_forget(void)
{
	free(memo.items);
	memo.items = NULL;
	memo.count = memo.capacity = 0;
	memo.on = false;
}

static const struct memo_entry *memo_find(const struct listener *listener)
{
	for (size_t i = 0; listener->inode && i < memo.count; i++)
		if (memo.items[i].inode == listener->inode && memo.items[i].port == listener->port &&
		    memo.items[i].transport == listener->transport)
			return &memo.items[i];
	return NULL;
}

/* Every listener of list from the memo, or none (false): a list is
 * attributed whole or not at all. */
static bool memo_fill(struct listener_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (!memo_find(&list->items[i]))
			return false;
	for (size_t i = 0; i < list->count; i++) {
		const struct memo_entry *entry = memo_find(&list->items[i]);

		list->items[i].owner_count = entry->owner_count;
		memcpy(list->items[i].owners, entry->owners, entry->owner_count * sizeof(entry->owners[0]));
		list->owners_incomplete |= entry->incomplete;
		list->owners_partial |= entry->partial;
	}
	return true;
}

/* Without memory the memo stays as it is: the next look walks again. */
static void memo_keep(const struct listener_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct listener *listener = &list->items[i];
		struct memo_entry *items;

		if (!listener->inode || memo_find(listener))
			continue;
		items = grow_for_one(memo.items, memo.count, &memo.capacity, sizeof(*items));
		if (!items)
			return;
		memo.items = items;
		memo.items[memo.count] = (struct memo_entry){
			.inode = listener->inode, .port = listener->port, .transport = listener->transport,
			.incomplete = list->owners_incomplete, .partial = list->owners_partial,
			.owner_count = listener->owner_count,
		};
		memcpy(memo.items[memo.count].owners, listener->owners, listener->owner_count * sizeof(listener->owners[0]));
		memo.count++;
	}
}

static int attribute_at(const char *proc, int mount_fd, struct listener_list *list,
			const char *const *likely_processes, owner_socket_unit_lookup socket_unit_for)
{
	struct pid_set candidates = { 0 };
	char (*cgroup_units)[UNIT_NAME_MAX];
	size_t checked = 0;
	int r = 0;

	if (list->count == 0)
		return 0;
	cgroup_units = calloc(list->count, sizeof(*cgroup_units));
	if (!cgroup_units)
		return -ENOMEM;
	for (size_t i = 0; mount_fd >= 0 && i < list->count; i++) {
		int cgroup_fd;

		if (list->items[i].cgroup_id == 0)
			continue;
		for (size_t j = 0; j < i; j++)
			if (list->items[j].cgroup_id == list->items[i].cgroup_id)
				memcpy(cgroup_units[i], cgroup_units[j], UNIT_NAME_MAX);
		if (cgroup_seen_before(list, i))
			continue;
		cgroup_fd = open_cgroup(mount_fd, list->items[i].cgroup_id);
		if (cgroup_fd < 0)
			continue;
		r = add_cgroup_processes(&candidates, cgroup_fd);
		if (r == 0)
			note_socket_unit_cgroup(cgroup_fd, mount_fd, cgroup_units[i], &candidates);
		close(cgroup_fd);
		if (r == -ENOMEM)
			goto out;
	}
	r = 0;
	check_candidates(proc, list, &candidates, likely_processes);
	checked = candidates.count;
	attribute_socket_units(list, mount_fd, cgroup_units, &candidates, socket_unit_for);
	for (; checked < candidates.count; checked++)
		check_process(proc, list, candidates.items[checked]);
	/* Handed over to a process in another cgroup, or no cgroup2: the
	 * slow way, but only then; PID 1's sockets still get their unit. */
	if (!every_listener_owned(list)) {
		pid_set_sort(&candidates);
		r = check_all_processes(proc, list, &candidates, likely_processes);
		attribute_socket_units(list, -1, cgroup_units, &candidates, socket_unit_for);
	}
	/* A denied process matters when an owner may be missing: without
	 * root (other users' processes), or when a socket stayed unowned. */
	if (list->owners_incomplete && geteuid() == 0 && every_listener_owned(list))
		list->owners_incomplete = false;
out:
	free(cgroup_units);
	free(candidates.items);
	return r;
}

int owner_attribute_at(const char *proc, int mount_fd, struct listener_list *list,
		       const char *const *likely_processes, owner_socket_unit_lookup socket_unit_for)
{
	int r;

	if (memo.on && list->count && memo_fill(list))
		return 0;
	r = attribute_at(proc, mount_fd, list, likely_processes, socket_unit_for);
	if (r == 0 && memo.on)
		memo_keep(list);
	return r;
}

int owner_attribute(struct listener_list *list, const char *const *likely_processes,
		    owner_socket_unit_lookup socket_unit_for)
{
	int mount_fd, r;

	if (list->count == 0)
		return 0;
	if (memo.on && memo_fill(list))
		return 0;
	mount_fd = cgroup2_mount_fd();
	r = owner_attribute_at("/proc", mount_fd, list, likely_processes, socket_unit_for);
	if (mount_fd >= 0)
		close(mount_fd);
	return r;
}
