"""docker-py (the Python docker SDK) against a real swarmd: init, nodes, secrets.

Run by tools/test.sh after the Swift tests: `python3 -m pytest Tests/docker-py`. SWARMD names
the swarmd binary (default: .build/debug/swarmd).
"""
import os
import signal
import subprocess
import tempfile
import time

import docker
import pytest

SWARMD = os.environ.get("SWARMD", ".build/debug/swarmd")
HOST = "127.0.0.19"


@pytest.fixture
def swarmd():
    with tempfile.TemporaryDirectory(prefix="swarmd-docker-py-") as scratch:
        socket = os.path.join(scratch, "docker.sock")
        log = open(os.path.join(scratch, "swarmd.log"), "w")
        process = subprocess.Popen(
            [SWARMD, "--data-dir", os.path.join(scratch, "data"), "--host", "unix://" + socket,
             "--hostname", "pynode", "--listen-addr", HOST + ":2377"],
            stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while not os.path.exists(socket):
                assert process.poll() is None, "swarmd exited early; see its log"
                assert time.monotonic() < deadline, "swarmd's socket did not appear within 30 s"
                time.sleep(0.1)
            yield docker.DockerClient(base_url="unix://" + socket, timeout=30)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
            log.close()


def test_init_list_nodes_and_manage_a_secret(swarmd):
    node_id = swarmd.swarm.init(advertise_addr=HOST)
    assert len(node_id) == 25

    nodes = swarmd.nodes.list()
    assert [node.id for node in nodes] == [node_id]
    assert nodes[0].attrs["Spec"]["Role"] == "manager"
    assert nodes[0].attrs["ManagerStatus"]["Leader"] is True

    secret = swarmd.secrets.create(name="py_secret", data=b"from docker-py", labels={"by": "pytest"})
    listed = swarmd.secrets.list()
    assert [s.name for s in listed] == ["py_secret"]
    assert "Data" not in swarmd.secrets.get(secret.id).attrs["Spec"]

    with pytest.raises(docker.errors.APIError) as conflict:
        swarmd.secrets.create(name="py_secret", data=b"again")
    assert conflict.value.status_code == 409

    secret.remove()
    assert swarmd.secrets.list() == []
    with pytest.raises(docker.errors.NotFound):
        swarmd.secrets.get(secret.id)
