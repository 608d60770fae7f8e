import SwarmTesting
import SwarmVersion
import Testing

/// The executables as an operator runs them: the built binaries, in a child process.
@Suite("Executables answer --help and --version")
struct ExecutableTests {
    static let executables = ["swarmd", "swarmctl", "swarm-backup", "swarm-restore"]

    @Test("--version prints the release", arguments: executables)
    func versionFlag(_ name: String) throws {
        let outcome = try ChildProcess.run(BuiltProducts.executable(name), ["--version"], timeout: .seconds(30))
        #expect(outcome.exitStatus == 0)
        #expect(outcome.standardOutput == "\(name) version \(SwarmVersion.current)\n")
    }

    @Test("--help prints usage naming the command", arguments: executables)
    func helpFlag(_ name: String) throws {
        let outcome = try ChildProcess.run(BuiltProducts.executable(name), ["--help"], timeout: .seconds(30))
        #expect(outcome.exitStatus == 0)
        #expect(outcome.standardOutput.contains("USAGE: \(name)"))
        #expect(outcome.standardOutput.contains("--version"))
    }

    @Test("an unknown option is refused with a message naming it")
    func unknownOption() throws {
        let outcome = try ChildProcess.run(BuiltProducts.executable("swarmctl"), ["--frobnicate"], timeout: .seconds(30))
        #expect(outcome.exitStatus != 0)
        #expect(outcome.standardError.contains("--frobnicate"))
    }

    @Test("swarmd refuses an API address that is not a unix socket path, naming the flag")
    func swarmdRefusesATCPHost() throws {
        let outcome = try ChildProcess.run(BuiltProducts.executable("swarmd"), ["--host", "tcp://0.0.0.0:2375"], timeout: .seconds(30))
        #expect(outcome.exitStatus != 0)
        #expect(outcome.standardError.contains("--host must be unix:///ABSOLUTE/PATH"))
    }

    @Test("swarmd refuses an unknown log level, listing the valid ones")
    func swarmdRefusesAnUnknownLogLevel() throws {
        let outcome = try ChildProcess.run(BuiltProducts.executable("swarmd"), ["--log-level", "chatty"], timeout: .seconds(30))
        #expect(outcome.exitStatus != 0)
        #expect(outcome.standardError.contains("--log-level must be one of trace, debug, info"))
    }
}
