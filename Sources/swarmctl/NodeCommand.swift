import ArgumentParser
import Foundation
import NIOHTTP1
import SwarmAPIClient

/// `swarmctl node …`: list, inspect, update, promote, demote and remove nodes.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Manage the swarm's nodes.",
        subcommands: [List.self, Inspect.self, Update.self, Promote.self, Demote.self, Remove.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the nodes.")
        @OptionGroup var global: GlobalOptions
        @Flag(name: .shortAndLong, help: "Print IDs only.") var quiet = false

        func run() async throws {
            Table.printListing(try await global.client.list("/nodes"), quiet: quiet, header: ["ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS"]) { node in
                let manager = node["ManagerStatus"] as? [String: Any]
                let managerStatus = (manager?["Leader"] as? Bool) == true ? "Leader" : (manager?["Reachability"] as? String).map(\.capitalized) ?? ""
                return [
                    node["ID"] as? String ?? "", (node["Description"] as? [String: Any])?["Hostname"] as? String ?? "",
                    ((node["Status"] as? [String: Any])?["State"] as? String ?? "").capitalized,
                    ((node["Spec"] as? [String: Any])?["Availability"] as? String ?? "").capitalized, managerStatus,
                ]
            }
        }
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show nodes as JSON.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Node IDs, names or unique ID prefixes.") var nodes: [String]

        func run() async throws {
            try JSONOutput.print(try await global.client.objects(nodes.map { "/nodes/\($0)" }))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a node's availability, labels or role.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "active, pause or drain.") var availability: String?
        @Option(help: "worker or manager.") var role: String?
        @Option(help: "Add or change a label (KEY=VALUE); repeatable.") var labelAdd: [String] = []
        @Option(help: "Remove a label (KEY); repeatable.") var labelRm: [String] = []
        @Argument(help: "The node.") var node: String

        func run() async throws {
            try await NodeSpec.update(try global.client, node) { spec in
                if let availability { spec["Availability"] = availability }
                if let role { spec["Role"] = role }
                var labels = spec["Labels"] as? [String: Any] ?? [:]
                for label in labelAdd {
                    let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
                    labels[parts[0]] = parts.count > 1 ? parts[1] : ""
                }
                for key in labelRm { labels[key] = nil }
                spec["Labels"] = labels
            }
            print(node)
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make workers managers.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The nodes.") var nodes: [String]

        func run() async throws {
            try await NodeSpec.changeRole(of: nodes, to: "manager", through: try global.client) { "Node \($0) promoted to a manager in the swarm." }
        }
    }

    struct Demote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make managers workers.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The nodes.") var nodes: [String]

        func run() async throws {
            try await NodeSpec.changeRole(of: nodes, to: "worker", through: try global.client) { "Manager \($0) demoted in the swarm." }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove nodes from the swarm.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Remove a node that is still up.") var force = false
        @Argument(help: "The nodes.") var nodes: [String]

        func run() async throws {
            for node in nodes {
                _ = try await global.client.call(.DELETE, "/nodes/\(node)", query: force ? ["force": "1"] : [:])
                print(node)
            }
        }
    }
}

/// A node's spec, read at its current version and written back changed.
enum NodeSpec {
    static func update(_ client: APIClient, _ reference: String, change: (inout [String: Any]) -> Void) async throws {
        let node = try await client.object("/nodes/\(reference)")
        guard var spec = node["Spec"] as? [String: Any], let id = node["ID"] as? String,
            let version = (node["Version"] as? [String: Any])?["Index"]
        else { throw APIClientError.unexpectedAnswer("/nodes/\(reference)") }
        change(&spec)
        _ = try await client.call(.POST, "/nodes/\(id)/update", query: ["version": "\(version)"], body: spec)
    }

    /// Sets the role of each of `nodes`, printing `done(node)` after each.
    static func changeRole(of nodes: [String], to role: String, through client: APIClient, done: (String) -> String) async throws {
        for node in nodes {
            try await update(client, node) { $0["Role"] = role }
            print(done(node))
        }
    }
}

/// Columns padded to their widest cell, as `docker … ls` prints them.
enum Table {
    /// An `ls`: only the IDs when `quiet`, else `header` and a row per object.
    static func printListing(_ objects: [[String: Any]], quiet: Bool, header: [String], row: ([String: Any]) -> [String]) {
        if quiet {
            objects.forEach { Swift.print($0["ID"] as? String ?? "") }
        } else {
            print([header] + objects.map(row))
        }
    }

    static func print(_ rows: [[String]]) {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (column, cell) in row.enumerated() {
                if column < widths.count { widths[column] = max(widths[column], cell.count) } else { widths.append(cell.count) }
            }
        }
        for row in rows {
            let cells = row.enumerated().map { column, cell in column == row.count - 1 ? cell : cell.padding(toLength: widths[column] + 3, withPad: " ", startingAt: 0) }
            Swift.print(cells.joined().trimmingCharacters(in: .whitespaces))
        }
    }
}
