using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SeatLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_SeatClaims",
                table: "SeatClaims");

            migrationBuilder.DropCheckConstraint(
                name: "CK_SeatClaims_Seat",
                table: "SeatClaims");

            migrationBuilder.DropColumn(
                name: "Seat",
                table: "SeatClaims");

            migrationBuilder.AddPrimaryKey(
                name: "PK_SeatClaims",
                table: "SeatClaims",
                columns: new[] { "SlotStart", "BookingId" });

            migrationBuilder.CreateTable(
                name: "CapacityRevision",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CapacityRevision", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SlotSeats",
                columns: table => new
                {
                    SlotStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Seats = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlotSeats", x => x.SlotStart);
                    table.CheckConstraint("CK_SlotSeats_Seats", "\"Seats\" >= 0");
                });

            migrationBuilder.InsertData(
                table: "CapacityRevision",
                columns: new[] { "Id", "Revision" },
                values: new object[] { 1, 0L });

            // The database has the last word on capacity (docs/decisions/0009-the-seat-ledger.md): no
            // claim is inserted beyond the slot's seats, whichever code path or person attempts it.
            // Locking the slot's row makes claims on one slot take turns, so the count is never stale.
            migrationBuilder.Sql("""
                CREATE FUNCTION allo_seat_claims_within_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    seats integer;
                    taken integer;
                BEGIN
                    SELECT s."Seats" INTO seats FROM "SlotSeats" s WHERE s."SlotStart" = NEW."SlotStart" FOR UPDATE;
                    SELECT count(*) INTO taken FROM "SeatClaims" c WHERE c."SlotStart" = NEW."SlotStart";
                    IF seats IS NULL OR taken >= seats THEN
                        RAISE EXCEPTION 'slot % has no free seat (% taken of %)', NEW."SlotStart", taken, coalesce(seats, 0)
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'CK_SeatClaims_WithinCapacity';
                    END IF;
                    RETURN NEW;
                END $$;

                CREATE FUNCTION allo_seat_claims_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'a seat claim is never changed: give it back and take another'
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'CK_SeatClaims_Immutable';
                END $$;

                CREATE TRIGGER "TR_SeatClaims_WithinCapacity" BEFORE INSERT ON "SeatClaims"
                    FOR EACH ROW EXECUTE FUNCTION allo_seat_claims_within_capacity();
                CREATE TRIGGER "TR_SeatClaims_NeverChange" BEFORE UPDATE ON "SeatClaims"
                    FOR EACH ROW EXECUTE FUNCTION allo_seat_claims_never_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "TR_SeatClaims_NeverChange" ON "SeatClaims";
                DROP TRIGGER "TR_SeatClaims_WithinCapacity" ON "SeatClaims";
                DROP FUNCTION allo_seat_claims_never_change();
                DROP FUNCTION allo_seat_claims_within_capacity();
                """);

            migrationBuilder.DropTable(
                name: "CapacityRevision");

            migrationBuilder.DropTable(
                name: "SlotSeats");

            migrationBuilder.DropPrimaryKey(
                name: "PK_SeatClaims",
                table: "SeatClaims");

            migrationBuilder.AddColumn<int>(
                name: "Seat",
                table: "SeatClaims",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql("""
                UPDATE "SeatClaims" c SET "Seat" = n.seat
                FROM (SELECT "SlotStart", "BookingId", row_number() OVER (PARTITION BY "SlotStart" ORDER BY "BookingId") AS seat FROM "SeatClaims") n
                WHERE c."SlotStart" = n."SlotStart" AND c."BookingId" = n."BookingId";
                """);

            migrationBuilder.AddPrimaryKey(
                name: "PK_SeatClaims",
                table: "SeatClaims",
                columns: new[] { "SlotStart", "Seat" });

            migrationBuilder.AddCheckConstraint(
                name: "CK_SeatClaims_Seat",
                table: "SeatClaims",
                sql: "\"Seat\" >= 1");
        }
    }
}
