// Prisma 6.19 in its TypeScript engine mode: no native engine is downloaded, so generate and
// migrate work offline (see docs/decisions.md, "Prisma 6 with the JS engine").
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { pgConfigFromUrl } from "./src/db/pg-config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "../../prisma/schema.prisma",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the database with `pnpm dev` or set it");
    // An object config, not a connection string: with a string the shadow database used by
    // `migrate dev` connects to the main one.
    return new PrismaPg(pgConfigFromUrl(url));
  },
});
