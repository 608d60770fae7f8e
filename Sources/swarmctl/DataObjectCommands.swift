import ArgumentParser
import Foundation
import NIOHTTP1
import SwarmAPIClient

/// What differs between `swarmctl secret …` and `swarmctl config …`: the API path and the
/// noun.
protocol DataObjectKind {
    /// `secrets` or `configs`.
    static var path: String { get }
    /// `secret` or `config`.
    static var noun: String { get }
}

enum SecretKind: DataObjectKind {
    static let path = "secrets"
    static let noun = "secret"
}

enum ConfigKind: DataObjectKind {
    static let path = "configs"
    static let noun = "config"
}

/// `create NAME FILE|-`, `ls`, `inspect` and `rm` for secrets or configs.
enum DataObjectVerbs<Kind: DataObjectKind> {
    struct Create: AsyncParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: "Create a \(Kind.noun) from a file or standard input (-).") }
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("l"), .long], help: "A label (KEY=VALUE); repeatable.") var label: [String] = []
        @Argument(help: "Its name.") var name: String
        @Argument(help: "The file holding its data, or - for standard input.") var file: String

        func run() async throws {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            let labels = Dictionary(label.map { text -> (String, String) in
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }) { $1 }
            let body: [String: Any] = ["Name": name, "Labels": labels, "Data": data.base64EncodedString()]
            let created = try await global.client.call(.POST, "/\(Kind.path)/create", body: body) as? [String: Any]
            print(created?["ID"] as? String ?? "")
        }
    }

    struct List: AsyncParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(commandName: "ls", abstract: "List the \(Kind.path).") }
        @OptionGroup var global: GlobalOptions
        @Flag(name: .shortAndLong, help: "Print IDs only.") var quiet = false

        func run() async throws {
            Table.printListing(try await global.client.list("/\(Kind.path)"), quiet: quiet, header: ["ID", "NAME", "CREATED"]) { object in
                [object["ID"] as? String ?? "", (object["Spec"] as? [String: Any])?["Name"] as? String ?? "", object["CreatedAt"] as? String ?? ""]
            }
        }
    }

    struct Inspect: AsyncParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: "Show \(Kind.path) as JSON.") }
        @OptionGroup var global: GlobalOptions
        @Argument(help: "IDs, names or unique ID prefixes.") var references: [String]

        func run() async throws {
            try JSONOutput.print(try await global.client.objects(references.map { "/\(Kind.path)/\($0)" }))
        }
    }

    struct Remove: AsyncParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(commandName: "rm", abstract: "Remove \(Kind.path).") }
        @OptionGroup var global: GlobalOptions
        @Argument(help: "IDs, names or unique ID prefixes.") var references: [String]

        func run() async throws {
            for reference in references {
                _ = try await global.client.call(.DELETE, "/\(Kind.path)/\(reference)")
                print(reference)
            }
        }
    }
}

/// `swarmctl secret …`.
struct SecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret", abstract: "Manage secrets (their data is never shown).",
        subcommands: [DataObjectVerbs<SecretKind>.Create.self, DataObjectVerbs<SecretKind>.List.self, DataObjectVerbs<SecretKind>.Inspect.self, DataObjectVerbs<SecretKind>.Remove.self]
    )
}

/// `swarmctl config …`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Manage configs.",
        subcommands: [DataObjectVerbs<ConfigKind>.Create.self, DataObjectVerbs<ConfigKind>.List.self, DataObjectVerbs<ConfigKind>.Inspect.self, DataObjectVerbs<ConfigKind>.Remove.self]
    )
}
