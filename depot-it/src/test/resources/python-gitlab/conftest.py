"""Depot's fixtures for python-gitlab's own functional tests.

python-gitlab's sdist ships tests/functional/api/test_packages.py, test_deploy_tokens.py and
tests/functional/cli/test_cli_packages.py; its own conftest starts a GitLab in Docker. This one gives the same
fixtures against a Depot the Java test started: DEPOT_URL and DEPOT_TOKEN (an admin's token) come from the
environment. Each module gets a group of its own with a project in it.
"""
import os
import subprocess
import sys
import types
import uuid

import gitlab
import pytest

URL = os.environ["DEPOT_URL"]
TOKEN = os.environ["DEPOT_TOKEN"]


def _depot_has_no_feature_flags(gl):
    """Replaces test_packages.py's fixture that turns on GitLab's packages_protected_packages flag: Depot has no
    feature flags, and package protection is always on."""
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        for fixturedef in (info.name2fixturedefs.get("protected_package_feature", ()) if info else ()):
            fixturedef.func = _depot_has_no_feature_flags
        # upstream skips this one only because GitLab had not released the API yet; Depot has it
        if item.name == "test_create_project_protected_packages":
            item.own_markers[:] = [m for m in item.own_markers if m.name != "skip"]


@pytest.fixture(scope="session")
def gl():
    client = gitlab.Gitlab(URL, private_token=TOKEN)
    client.auth()
    return client


@pytest.fixture(scope="module")
def group(gl):
    path = "pg-" + uuid.uuid4().hex[:10]
    return gl.groups.create({"name": path, "path": path})


@pytest.fixture(scope="module")
def project(gl, group):
    return gl.projects.create({"name": "functional", "namespace_id": group.id})


@pytest.fixture(scope="session")
def gitlab_config(tmp_path_factory):
    path = tmp_path_factory.mktemp("config") / "python-gitlab.cfg"
    path.write_text(f"[global]\ndefault = depot\n\n[depot]\nurl = {URL}\nprivate_token = {TOKEN}\n")
    return path


@pytest.fixture
def gitlab_cli(gitlab_config):
    """Runs the real `gitlab` command line of this python-gitlab, as upstream's fixture does."""

    def run(cmd):
        args = [sys.executable, "-m", "gitlab", "--config-file", str(gitlab_config)] + [str(c) for c in cmd]
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        return types.SimpleNamespace(success=done.returncode == 0, returncode=done.returncode,
                                     stdout=done.stdout, stderr=done.stderr)

    return run
