// A partner's client, written against the types openapi-typescript generates from Allo's own document
// (tests/Web.Tests/Api/GeneratedClientTests.cs generates them into ../generated and compiles this with
// tsc --strict first, so a document that no longer describes these calls fails to compile).
//   node generated/out/client/journey.js BASE_URL SLOT_START LATER_SLOT_START
// Books, reads, moves and cancels one call through the real API and prints one line per step.
import createClient from "openapi-fetch";
import type { paths } from "../generated/schema.js";

const [baseUrl, slotStart, laterSlotStart] = process.argv.slice(2);
const api = createClient<paths>({ baseUrl });
const step = (name: string, status: number, detail: string) => console.log(`${name} ${status} ${detail}`);
const fail = (message: string): never => {
  console.error(`FAIL ${message}`);
  process.exit(1);
};

const booked = await api.POST("/api/v1/bookings", {
  body: { slotStart, phone: "0470 12 34 56", language: "fr", name: "Client Généré" },
  headers: { "Idempotency-Key": "generated-client-0001" },
});
if (!booked.data) fail(`book: ${booked.response.status} ${JSON.stringify(booked.error)}`);
const reference = booked.data!.reference;
const manageToken = booked.data!.manageToken ?? fail("book: no manage token");
step("booked", booked.response.status, reference);

const read = await api.GET("/api/v1/bookings/{reference}", { params: { path: { reference } }, headers: { "X-Manage-Token": manageToken } });
if (!read.data) fail(`read: ${read.response.status}`);
const etag = read.response.headers.get("ETag") ?? fail("read: no ETag");
step("read", read.response.status, `${read.data!.status} ${etag}`);

const moved = await api.POST("/api/v1/bookings/{reference}/reschedule", {
  params: { path: { reference } },
  body: { slotStart: laterSlotStart },
  headers: { "X-Manage-Token": manageToken, "If-Match": etag },
});
if (!moved.data) fail(`move: ${moved.response.status} ${JSON.stringify(moved.error)}`);
step("moved", moved.response.status, moved.data!.start);

const stale = await api.DELETE("/api/v1/bookings/{reference}", { params: { path: { reference } }, headers: { "X-Manage-Token": manageToken, "If-Match": etag } });
step("stale-cancel", stale.response.status, stale.error ? String(stale.error.type) : "");

const cancelled = await api.DELETE("/api/v1/bookings/{reference}", { params: { path: { reference } }, headers: { "X-Manage-Token": manageToken } });
if (cancelled.error) fail(`cancel: ${cancelled.response.status} ${JSON.stringify(cancelled.error)}`);
step("cancelled", cancelled.response.status, "");
