import fc from "fast-check";
import { z } from "zod";

// Inputs for the schema fuzz (malformed-input-fuzz.test.ts), derived from a procedure's zod input
// schema through its JSON Schema (`z.toJSONSchema`, zod's public view of a schema) so a field added
// to a schema is fuzzed without a change here. Each value is built to break the schema somewhere:
// a field of the wrong type, missing or over-long, an enum near-miss, a number out of range or not
// a number at all, extra nesting, prototype-pollution keys. The rest of the value is plausible, so
// one broken field reaches the checks behind the others. The fuzz sends only values the schema
// refuses (it checks with the schema itself): this file only makes refusal likely.

/** The part of JSON Schema that `z.toJSONSchema` writes for our inputs. */
export type InputJsonSchema = {
  type?: string | string[];
  properties?: Record<string, InputJsonSchema>;
  required?: string[];
  additionalProperties?: InputJsonSchema | boolean;
  items?: InputJsonSchema;
  anyOf?: InputJsonSchema[];
  oneOf?: InputJsonSchema[];
  allOf?: InputJsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
};

/** The JSON Schema of what a client sends (`io: "input"`); dates and the like become "anything". */
export function inputJsonSchema(schema: z.ZodType): InputJsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as InputJsonSchema;
}

/** Strings that have hurt parsers, databases and logs elsewhere, and NaN-like text. */
const nastyStrings = [
  "",
  " ",
  "\t\n",
  "NaN",
  "Infinity",
  "-Infinity",
  "-0",
  "1e309",
  "0x10",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "' OR 1=1 --",
  "\"; DROP TABLE \"user\"; --",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "\u202egnp.exe",
  "\ufeff",
  "ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｔｅｓｔ",
  "%00%2e%2e%2f",
  "../../../../etc/passwd",
  "${7*7}{{7*7}}",
  "<script>alert(1)</script>",
  "__proto__",
  "constructor",
  "usr_",
  "tnt_AAAAAAAAAAAAAAAAAAAAAA",
  "rky_test_not_a_key",
  "Bearer ",
  "a".repeat(10_000),
];

/** Own properties named like Object.prototype's: JSON.parse makes them own keys, as a request body would. */
const pollutingObjects: unknown[] = [
  JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"__proto__":null,"toString":"x","valueOf":1,"hasOwnProperty":"x"}'),
];

const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 4 });

const junkString = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  loneSurrogates,
  fc.integer({ min: 201, max: 20_000 }).map((length) => "x".repeat(length)),
);

const junkNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 31) - 1, Number.MIN_VALUE),
);

/** Scalars of every type superjson carries (it sends undefined, NaN, bigint, Date and more as themselves). */
const junkScalar: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  junkNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(/.*/, new URL("http://127.0.0.1:9/"), new Map([["a", 1]]), new Set([1])),
);

function nested(depth: number): unknown {
  let value: unknown = "deep";
  for (let index = 0; index < depth; index++) value = index % 2 === 0 ? [value] : { a: value };
  // Said briefly in a failure report; JSON and superjson skip symbol keys.
  Object.defineProperty(value, fc.toStringMethod, { value: () => `nested(${depth})`, enumerable: false });
  return value;
}

/** JSON text nested deeper than any value the test itself could serialise (the server must parse it, or refuse it). */
export const deeplyNestedText = fc.integer({ min: 1_000, max: 20_000 }).chain((depth) =>
  fc.constantFrom(`{"json":${"[".repeat(depth)}${"]".repeat(depth)}}`, `{"json":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`, `${"[".repeat(depth)}${"]".repeat(depth)}`),
);

/** Anything at all: wrong types, arbitrary JSON, deep nesting, huge arrays, polluting keys. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: junkScalar, weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 3 },
  { arbitrary: fc.array(junkScalar, { maxLength: 5 }), weight: 1 },
  { arbitrary: fc.dictionary(junkString, junkScalar, { maxKeys: 5 }), weight: 1 },
  { arbitrary: fc.constantFrom(...pollutingObjects), weight: 1 },
  { arbitrary: fc.integer({ min: 20, max: 300 }).map(nested), weight: 1 },
  { arbitrary: fc.integer({ min: 1_000, max: 5_000 }).map((length) => Array.from({ length }, (_, index) => index)), weight: 1 },
);

const MISSING = Symbol("missing");

/** Strings a real caller would send: the known ids of the fuzzed tenant first (so a check behind an id is reached). */
export type Plausible = { strings: string[] };

/** A value that probably passes `schema`; within a malformed object it lets the broken field be the only problem. */
export function plausibleFor(schema: InputJsonSchema, known: Plausible, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => plausibleFor(branch, known, depth + 1)));
  if (schema.allOf?.[0]) return plausibleFor(schema.allOf[0], known, depth + 1);
  switch (typeOf(schema)) {
    case "string": {
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40));
      if (schema.format === "email") return fc.constantFrom("person@example.test", " Person@Example.Test ");
      const fitting = known.strings.filter((text) => text.length >= min && text.length <= max);
      const text = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"), minLength: min, maxLength: max });
      return fitting.length > 0 ? fc.oneof(fc.constantFrom(...fitting), text) : text;
    }
    case "integer":
    case "number": {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1) + 1;
      const max = schema.maximum ?? (schema.exclusiveMaximum ?? Math.max(min, 100) + 1) - 1;
      return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const items = schema.items ?? {};
      return fc.array(plausibleFor(items, known, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, 3)) });
    }
    case "object": {
      if (depth > 6) return fc.constant({});
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      return fc.tuple(...properties.map(([key, property]) => (required.has(key) ? plausibleFor(property, known, depth + 1) : fc.option(plausibleFor(property, known, depth + 1), { nil: MISSING })))).map((values) => withoutMissing(properties.map(([key], index) => [key, values[index]])));
    }
    default:
      // No JSON type: a date, or a value zod cannot describe. A date is the only such input we take.
      return fc.oneof(fc.constant(new Date(Date.now() + 86_400_000)), fc.constant(null), fc.constant(undefined));
  }
}

/** A value that `schema` probably refuses. */
export function malformedFor(schema: InputJsonSchema, known: Plausible, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: targeted(schema, known, depth), weight: 3 }, { arbitrary: junkValue, weight: 1 });
}

function targeted(schema: InputJsonSchema, known: Plausible, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined || schema.enum) {
    const allowed = schema.enum ?? [schema.const];
    const nearMisses = allowed.flatMap((value) => (typeof value === "string" ? [value.toUpperCase(), ` ${value}`, `${value}\u0000`, `${value}s`, value.replace(/./, "")] : [String(value)]));
    return fc.oneof(fc.constantFrom(...nearMisses), junkScalar);
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => malformedFor(branch, known, depth + 1)));
  if (schema.allOf?.[0]) return malformedFor(schema.allOf[0], known, depth + 1);
  switch (typeOf(schema)) {
    case "string": {
      const max = schema.maxLength ?? 200;
      return fc.oneof(
        fc.constantFrom("x".repeat(max + 1), "x".repeat(max * 4 + 1), "é".repeat(max + 1), "x".repeat(Math.max(0, (schema.minLength ?? 0) - 1))),
        fc.constantFrom(42, -1, true, null, ["text"], { text: "text" }, new Date(Number.NaN)),
        junkString,
      );
    }
    case "integer":
    case "number": {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? 0;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1_000;
      return fc.oneof(fc.constantFrom(min - 1, max + 1, min + 0.5, String(min), `${max}`, Number.NaN, Infinity, -Infinity, 10n, 1e308, -1e308, null, "1e3", []), junkNumber);
    }
    case "boolean":
      return fc.constantFrom("true", "false", 1, 0, "no", "yes", null, [], {});
    case "array": {
      const items = schema.items ?? {};
      const tooMany = (schema.maxItems ?? 100) + 1;
      return fc.oneof(
        fc.array(malformedFor(items, known, depth + 1), { minLength: 1, maxLength: 3 }),
        plausibleFor(items, known, depth + 1).map((item) => Array.from({ length: tooMany }, () => item)),
        fc.constantFrom("[]", {}, { 0: "a", length: 1 }, [[[]]], null),
        junkScalar,
      );
    }
    case "object": {
      if (depth > 6) return junkValue;
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) return fc.oneof(junkScalar, fc.constantFrom(...pollutingObjects), fc.constant(nested(200)));
      // One field broken (or left out when required); the others plausible, broken or missing; extra
      // keys on top (polluting ones among them).
      const required = new Set(schema.required ?? []);
      const field = ([, property]: [string, InputJsonSchema]) =>
        fc.oneof(
          { arbitrary: plausibleFor(property, known, depth + 1), weight: 4 },
          { arbitrary: malformedFor(property, known, depth + 1), weight: 1 },
          { arbitrary: fc.constant<unknown>(MISSING), weight: 1 },
        );
      const broken = ([key, property]: [string, InputJsonSchema]) =>
        required.has(key) ? fc.oneof({ arbitrary: malformedFor(property, known, depth + 1), weight: 4 }, { arbitrary: fc.constant<unknown>(MISSING), weight: 1 }) : malformedFor(property, known, depth + 1);
      const extra = fc.option(fc.oneof(fc.constantFrom(...pollutingObjects), fc.dictionary(junkString, junkValue, { maxKeys: 3 })), { nil: {} });
      return fc.nat(properties.length - 1).chain((brokenIndex) =>
        fc
          .tuple(fc.tuple(...properties.map((entry, index) => (index === brokenIndex ? broken(entry) : field(entry)))), extra)
          .map(([values, more]) => ({ ...(more as object), ...withoutMissing(properties.map(([key], index) => [key, values[index]])) })),
      );
    }
    default:
      return fc.oneof(fc.constantFrom(new Date(Number.NaN), "2026-13-45", "tomorrow", 1e20, -1, "", [], {}), junkScalar);
  }
}

function typeOf(schema: InputJsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== "null") : schema.type;
  if (type) return type;
  return schema.properties ? "object" : undefined;
}

function withoutMissing(entries: [string, unknown][]): Record<string, unknown> {
  return Object.fromEntries(entries.filter(([, value]) => value !== MISSING));
}
