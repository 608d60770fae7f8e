public import Foundation
public import SwarmCrypto
public import SwarmState

/// What the control API needs to know to manage secrets and configs with one set of operations:
/// their table, their payload limit and how the payload is kept.
public protocol ManagedDataObject: DataObject {
    /// Docker's limit on the payload, in bytes.
    static var payloadByteLimit: Int { get }
    static func table(in tables: StoreTables) -> Table<Self>
    /// A new object holding `payload` (a secret seals it with `secretsKey`).
    static func make(id: ObjectID<Tag>, meta: ObjectMeta, spec: DataObjectSpec, payload: Data, secretsKey: SecretKey) -> Self
    var stored: StoredObject { get }
}

extension Secret: ManagedDataObject {
    /// 500 KiB (swarmkit's `MaxSecretSize`).
    public static let payloadByteLimit = 500 * 1024
    public static func table(in tables: StoreTables) -> Table<Secret> { tables.secrets }

    public static func make(id: SecretID, meta: ObjectMeta, spec: DataObjectSpec, payload: Data, secretsKey: SecretKey) -> Secret {
        Secret(id: id, meta: meta, spec: spec, sealedData: Data(SecretSealing.seal(payload, for: id, with: secretsKey)))
    }

    public var stored: StoredObject { .secret(self) }
}

extension Config: ManagedDataObject {
    /// 1000 KiB (swarmkit's `MaxConfigSize`).
    public static let payloadByteLimit = 1000 * 1024
    public static func table(in tables: StoreTables) -> Table<Config> { tables.configs }

    public static func make(id: ConfigID, meta: ObjectMeta, spec: DataObjectSpec, payload: Data, secretsKey: SecretKey) -> Config {
        Config(id: id, meta: meta, spec: spec, data: payload)
    }

    public var stored: StoredObject { .config(self) }
}

/// Secret payloads sealed with the cluster secrets key and bound to their secret's ID, so a
/// sealed payload moved to another secret does not open.
public enum SecretSealing {
    public static func seal(_ payload: Data, for id: SecretID, with key: SecretKey) -> [UInt8] {
        AEAD.seal([UInt8](payload), associatedData: Array(id.rawValue.utf8), key: key)
    }

    public static func open(_ sealed: Data, for id: SecretID, with key: SecretKey) throws(EnvelopeError) -> [UInt8] {
        try AEAD.open([UInt8](sealed), associatedData: Array(id.rawValue.utf8), key: key)
    }
}
