import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// One data directory, one swarmd: a second process started on it is refused with a message
/// that names the holder and changes nothing, and the hold ends with its holder, even one
/// killed with -9.
@Suite struct DataDirectoryLockTests {
    @Test func aSecondSwarmdOnTheSameDataDirectoryIsRefusedUntilTheFirstIsGone() throws {
        let scratch = try ScratchDirectory()
        let node = try SwarmdProcess(index: 56, directory: scratch)
        try node.start()
        _ = try node.dockerOutput(["swarm", "init", "--advertise-addr", node.host])
        let nodeID = try node.dockerOutput(["info", "--format", "{{.Swarm.NodeID}}"])

        let intruder = try ChildProcess.run(
            BuiltProducts.executable("swarmd"),
            ["--data-dir", node.dataDirectory.string, "--host", "unix://\(scratch.appending("intruder.sock").string)", "--listen-addr", "127.0.0.67:2377"],
            timeout: .seconds(60)
        )
        #expect(intruder.exitStatus != 0)
        #expect(intruder.standardError.contains("the data directory \(node.dataDirectory) is in use by another process (pid "))
        #expect(intruder.standardError.contains("give this one its own --data-dir"))
        #expect(!FileManager.default.fileExists(atPath: scratch.appending("intruder.sock").string))
        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.NodeID}}"]) == "active \(nodeID)")

        // kill -9 leaves no hold behind: the same directory starts again, as the same node.
        node.kill()
        try node.start()
        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.NodeID}}"]) == "active \(nodeID)")
        node.stop()
    }
}
