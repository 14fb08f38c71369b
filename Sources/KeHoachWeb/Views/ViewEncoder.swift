import Foundation

/// A page's typed view model (an `Encodable` struct whose property names are the template's names) turned into
/// the `ViewValue` the renderer reads. Through `Encodable` rather than reflection: the synthesized `encode(to:)` is
/// straight-line code, where `Mirror` costs a dynamic cast per property.
///
/// An optional property that is nil is kept as a known, absent name (synthesized code calls `encodeIfPresent`,
/// which is overridden here to record it), so the renderer's strict mode can tell a name the model lacks (a typo in
/// the template or the model) from a value that is empty on this page.
enum ViewEncoding {
    static func value(_ model: some Encodable) -> ViewValue {
        let slot = Slot()
        do {
            try model.encode(to: SlotEncoder(slot: slot))
        } catch {
            // Our encoders never throw; a model's own encode(to:) that does is a programming error shown on the page.
            return .text("⟦\(error)⟧")
        }
        return slot.resolve()
    }

    /// Where one value is written: a scalar, an object's fields or a list's items.
    final class Slot {
        var value: ViewValue = .absent
        var fields: [String: Slot]?
        var items: [Slot]?

        func resolve() -> ViewValue {
            if let fields { return .object(fields.mapValues { $0.resolve() }) }
            if let items {
                return .list(items.map { $0.resolve() }.filter { if case .absent = $0 { false } else { true } })
            }
            return value
        }
    }

    static func scalar(_ value: some Encodable) -> ViewValue? {
        switch value {
        case let s as String: .text(s)
        case let b as Bool: .flag(b)
        case let i as Int: .text(String(i))
        case let d as Double: .text(String(describing: d))
        default: nil
        }
    }

    static func write(_ value: some Encodable, into slot: Slot) throws {
        if let s = scalar(value) { slot.value = s } else { try value.encode(to: SlotEncoder(slot: slot)) }
    }

    struct SlotEncoder: Encoder {
        let slot: Slot
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if slot.fields == nil { slot.fields = [:] }
            return KeyedEncodingContainer(Keyed<Key>(slot: slot))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if slot.items == nil { slot.items = [] }
            return Unkeyed(slot: slot)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(slot: slot) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: Slot
        var codingPath: [any CodingKey] { [] }

        func child(_ key: Key) -> Slot {
            let s = Slot()
            slot.fields![key.stringValue] = s
            return s
        }

        mutating func encodeNil(forKey key: Key) throws { _ = child(key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).value = .flag(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { child(key).value = .text(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { child(key).value = .text(String(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { child(key).value = .text(String(describing: value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try ViewEncoding.write(value, into: child(key)) }

        // nil optionals stay known names (see the type's comment).
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { child(key).value = value.map { .flag($0) } ?? .absent }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { child(key).value = value.map { .text($0) } ?? .absent }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { child(key).value = value.map { .text(String($0)) } ?? .absent }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
            child(key).value = value.map { .text(String(describing: $0)) } ?? .absent
        }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            let s = child(key)
            if let value { try ViewEncoding.write(value, into: s) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            SlotEncoder(slot: child(key)).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            SlotEncoder(slot: child(key)).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { SlotEncoder(slot: slot) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { SlotEncoder(slot: child(key)) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey] { [] }
        var count: Int { slot.items!.count }

        func next() -> Slot {
            let s = Slot()
            slot.items!.append(s)
            return s
        }

        mutating func encodeNil() throws { _ = next() }
        mutating func encode(_ value: String) throws { next().value = .text(value) }
        mutating func encode(_ value: Bool) throws { next().value = .flag(value) }
        mutating func encode(_ value: Int) throws { next().value = .text(String(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try ViewEncoding.write(value, into: next()) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            SlotEncoder(slot: next()).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { SlotEncoder(slot: next()).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { SlotEncoder(slot: next()) }
    }

    struct Single: SingleValueEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { slot.value = .absent }
        mutating func encode(_ value: String) throws { slot.value = .text(value) }
        mutating func encode(_ value: Bool) throws { slot.value = .flag(value) }
        mutating func encode(_ value: Int) throws { slot.value = .text(String(value)) }
        mutating func encode(_ value: Double) throws { slot.value = .text(String(describing: value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try ViewEncoding.write(value, into: slot) }
    }
}
