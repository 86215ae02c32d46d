"""Kernel ports from a block of the learner's own, for the learners' servers of ./lab hub.

jupyter_client picks a kernel's five ZMQ ports by binding port 0 and closing the socket
(LocalPortCache.find_available_port); its cache of ports already given out lives in one server
process. The hub runs one server per learner, so two servers can pick the same free port before
either kernel has bound it (a JVM kernel takes seconds to start): seen at 12 learners + 1 as
"ZMQException: Address already in use" in one JJava kernel whose JVM stayed up, so the server's
restarter, which acts only on a dead process, never restarted it.

Here each learner's server takes its kernels' ports from its own block, LAB_KERNEL_PORTS
("FIRST-LAST"), which jupyterhub_config.py gives each learner by their hub user id. The blocks lie
below Linux's ephemeral range (32768-60999 by default), where port-0 binds of other programs do not
land. A server that has used up its block falls back to jupyter_client's random ports.
"""

import os
import socket

from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

PORT_NAMES = ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port")
FIRST_PORT = 10000
LAST_PORT = 32767  # below the ephemeral range
BLOCK_SIZE = 50  # 10 kernels of 5 ports per learner at once


def block_for(user_id):
    """The "FIRST-LAST" block of a hub user id: 455 learners before two share one."""
    blocks = (LAST_PORT + 1 - FIRST_PORT) // BLOCK_SIZE
    first = FIRST_PORT + (user_id % blocks) * BLOCK_SIZE
    return f"{first}-{first + BLOCK_SIZE - 1}"


def parse_block(text):
    """"10050-10099" -> range(10050, 10100); a clear ValueError for anything else."""
    try:
        first, last = (int(part) for part in text.split("-"))
    except ValueError:
        raise ValueError(f"LAB_KERNEL_PORTS takes FIRST-LAST, e.g. 10050-10099, not '{text}'") from None
    if not 0 < first <= last < 65536:
        raise ValueError(f"LAB_KERNEL_PORTS takes FIRST-LAST with 0 < FIRST <= LAST < 65536, not '{text}'")
    return range(first, last + 1)


def can_bind(ip, port):
    with socket.socket() as s:
        try:
            s.bind((ip, port))
            return True
        except OSError:
            return False


def pick_ports(block, taken, ip, count=len(PORT_NAMES), bindable=can_bind):
    """count ports of block that this server has not given out (taken) and that are free now; None
    when the block has not that many left."""
    ports = []
    for port in block:
        if port not in taken and bindable(ip, port):
            ports.append(port)
            if len(ports) == count:
                return ports
    return None


class BlockPortsKernelManager(ServerKernelManager):
    """jupyter_server's kernel manager (ServerKernelManager), its kernels' ports from LAB_KERNEL_PORTS."""

    taken = set()  # the ports this server process has given its running kernels

    async def _async_pre_start_kernel(self, **kw):
        text = os.environ.get("LAB_KERNEL_PORTS")
        # A restart keeps the ports a kernel has (jupyter_client's rule for ports it did not pick).
        if text and self.transport == "tcp" and not self.shell_port:
            ports = pick_ports(parse_block(text), self.taken, self.ip)
            if ports:
                self.cache_ports = False  # else jupyter_client's LocalPortCache replaces them
                self.taken.update(ports)
                for name, port in zip(PORT_NAMES, ports):
                    setattr(self, name, port)
            else:
                self.log.warning("LAB_KERNEL_PORTS %s: no 5 free ports left; this kernel gets random ports", text)
        return await super()._async_pre_start_kernel(**kw)

    async def _async_cleanup_resources(self, restart=False):
        if not restart:
            self.taken.difference_update(getattr(self, name) for name in PORT_NAMES)
        await super()._async_cleanup_resources(restart=restart)
