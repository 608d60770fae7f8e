import ArgumentParser
import Foundation
import NIOHTTP1
import SwarmAPIClient

/// `swarmctl swarm …`: found, join, leave, update, tokens and autolock.
struct SwarmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm", abstract: "Manage the swarm.",
        subcommands: [Init.self, Join.self, JoinToken.self, Update.self, Unlock.self, UnlockKey.self, Leave.self, Inspect.self]
    )

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Found a swarm with this node as its first manager.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The address other nodes reach this one at (IP[:PORT]).") var advertiseAddr: String?
        @Option(help: "The address to listen on for other nodes (IP:PORT).") var listenAddr = "0.0.0.0:2377"
        @Flag(help: "Lock managers at restart until they are given the unlock key.") var autolock = false
        @Option(help: "Validity of node certificates (e.g. 2160h).") var certExpiry: GoDuration?
        @Option(help: "Heartbeat period of the nodes (e.g. 5s).") var dispatcherHeartbeat: GoDuration?

        func run() async throws {
            var spec: [String: Any] = [:]
            if let certExpiry { spec["CAConfig"] = ["NodeCertExpiry": certExpiry.nanoseconds] }
            if let dispatcherHeartbeat { spec["Dispatcher"] = ["HeartbeatPeriod": dispatcherHeartbeat.nanoseconds] }
            let client = try global.client
            let body: [String: Any] = ["ListenAddr": listenAddr, "AdvertiseAddr": advertiseAddr ?? "", "AutoLockManagers": autolock, "Spec": spec]
            let nodeID = try await client.call(.POST, "/swarm/init", body: body) as? String ?? ""
            print("Swarm initialized: current node (\(nodeID)) is now a manager.")
            let swarm = try await client.object("/swarm")
            let tokens = swarm["JoinTokens"] as? [String: Any] ?? [:]
            let info = try await client.object("/info")
            let address = ((info["Swarm"] as? [String: Any])?["RemoteManagers"] as? [[String: Any]])?.first?["Addr"] as? String ?? listenAddr
            print("\nTo add a worker to this swarm, run the following command:\n\n    swarmctl swarm join --token \(tokens["Worker"] ?? "") \(address)\n")
            if autolock {
                let key = try await client.object("/swarm/unlockkey")["UnlockKey"] as? String ?? ""
                print("To unlock a swarm manager after it restarts, run `swarmctl swarm unlock` and provide this key:\n\n    \(key)\n")
            }
        }
    }

    struct Join: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Join a swarm as a worker or a manager, as the token says.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The swarm's worker or manager join token.") var token: String
        @Option(help: "The address other nodes reach this one at (IP[:PORT]).") var advertiseAddr: String?
        @Option(help: "The address to listen on for other nodes (IP:PORT).") var listenAddr = "0.0.0.0:2377"
        @Argument(help: "A manager's HOST:PORT.") var manager: String

        func run() async throws {
            let client = try global.client
            let body: [String: Any] = ["JoinToken": token, "RemoteAddrs": [manager], "ListenAddr": listenAddr, "AdvertiseAddr": advertiseAddr ?? ""]
            _ = try await client.call(.POST, "/swarm/join", body: body)
            let swarm = try await client.object("/info")["Swarm"] as? [String: Any]
            print((swarm?["ControlAvailable"] as? Bool) == true ? "This node joined a swarm as a manager." : "This node joined a swarm as a worker.")
        }
    }

    struct JoinToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "join-token", abstract: "Show or rotate a join token.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Replace the token: the old one no longer joins.") var rotate = false
        @Flag(name: .shortAndLong, help: "Print the token only.") var quiet = false
        @Argument(help: "worker or manager.") var role: String

        func run() async throws {
            guard role == "worker" || role == "manager" else { throw SwarmctlError.usage("the role must be worker or manager, not \(role)") }
            let client = try global.client
            if rotate {
                try await SwarmSpec.update(client, query: [role == "worker" ? "rotateWorkerToken" : "rotateManagerToken": "true"]) { _ in }
            }
            let tokens = try await client.object("/swarm")["JoinTokens"] as? [String: Any] ?? [:]
            let token = tokens[role == "worker" ? "Worker" : "Manager"] as? String ?? ""
            if quiet {
                print(token)
            } else {
                if rotate { print("Successfully rotated \(role) join token.\n") }
                print("To add a \(role) to this swarm, run the following command:\n\n    swarmctl swarm join --token \(token) MANAGER:2377\n")
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change the swarm's settings.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Lock managers at restart (true or false).") var autolock: Bool?
        @Option(help: "Validity of node certificates (e.g. 2160h; at least 1h).") var certExpiry: GoDuration?
        @Option(help: "Heartbeat period of the nodes (e.g. 5s).") var dispatcherHeartbeat: GoDuration?

        func run() async throws {
            let client = try global.client
            try await SwarmSpec.update(client) { spec in
                if let autolock { spec["EncryptionConfig"] = ["AutoLockManagers": autolock] }
                if let certExpiry { spec["CAConfig"] = (spec["CAConfig"] as? [String: Any] ?? [:]).merging(["NodeCertExpiry": certExpiry.nanoseconds]) { $1 } }
                if let dispatcherHeartbeat { spec["Dispatcher"] = ["HeartbeatPeriod": dispatcherHeartbeat.nanoseconds] }
            }
            print("Swarm updated.")
            if autolock == true, let key = try await client.object("/swarm/unlockkey")["UnlockKey"] as? String {
                print("To unlock a swarm manager after it restarts, run `swarmctl swarm unlock` and provide this key:\n\n    \(key)\n")
            }
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlock a locked manager (the key is read from standard input).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard let key = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !key.isEmpty else {
                throw SwarmctlError.usage("give the unlock key on standard input")
            }
            _ = try await global.client.call(.POST, "/swarm/unlock", body: ["UnlockKey": key])
        }
    }

    struct UnlockKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unlock-key", abstract: "Show or rotate the unlock key.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Replace the key: every manager rewraps its keys with the new one.") var rotate = false
        @Flag(name: .shortAndLong, help: "Print the key only.") var quiet = false

        func run() async throws {
            let client = try global.client
            if rotate { try await SwarmSpec.update(client, query: ["rotateManagerUnlockKey": "true"]) { _ in } }
            let key = try await client.object("/swarm/unlockkey")["UnlockKey"] as? String ?? ""
            guard !key.isEmpty else { throw SwarmctlError.nothingToShow("no unlock key is set: autolock is off (swarmctl swarm update --autolock true)") }
            if quiet {
                print(key)
                return
            }
            if rotate {
                print("Successfully rotated the manager unlock key. Keep the previous key until every manager has")
                print("applied the rotation: a manager that was down meanwhile still opens with the previous key.\n")
            }
            print("To unlock a swarm manager after it restarts, run `swarmctl swarm unlock` and provide this key:\n\n    \(key)\n")
        }
    }

    struct Leave: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Leave the swarm (a manager needs --force).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Leave even as a manager.") var force = false

        func run() async throws {
            _ = try await global.client.call(.POST, "/swarm/leave", query: force ? ["force": "1"] : [:])
            print("Node left the swarm.")
        }
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the swarm as JSON.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try JSONOutput.print(try await global.client.object("/swarm"))
        }
    }
}

/// The swarm's spec, read at its current version and written back changed.
enum SwarmSpec {
    static func update(_ client: APIClient, query: [String: String] = [:], change: (inout [String: Any]) -> Void) async throws {
        let swarm = try await client.object("/swarm")
        guard var spec = swarm["Spec"] as? [String: Any], let version = (swarm["Version"] as? [String: Any])?["Index"] else {
            throw APIClientError.unexpectedAnswer("/swarm")
        }
        change(&spec)
        _ = try await client.call(.POST, "/swarm/update", query: query.merging(["version": "\(version)"]) { $1 }, body: spec)
    }
}

/// JSON as `inspect` prints it.
enum JSONOutput {
    static func print(_ value: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
