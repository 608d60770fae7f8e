import SwarmTesting
import SystemPackage

extension SwarmdProcess {
    /// This node's runc state directory.
    var runcRoot: FilePath { dataDirectory.appending("containers/runc") }

    /// The IDs of the containers runc runs for this node.
    func containerIDs() throws -> Set<String> {
        let outcome = try ChildProcess.run(FilePath("/usr/sbin/runc"), ["--root", runcRoot.string, "list", "-q"], timeout: .seconds(30))
        return Set(outcome.standardOutput.split(separator: "\n").map(String.init))
    }

    /// Kills and deletes every container of this node, so none outlives its test (a stopped
    /// swarmd leaves its containers running, as Docker's live restore does).
    func removeContainers() {
        guard let ids = try? containerIDs() else { return }
        for id in ids {
            _ = try? ChildProcess.run(FilePath("/usr/sbin/runc"), ["--root", runcRoot.string, "delete", "--force", id], timeout: .seconds(30))
        }
    }
}
