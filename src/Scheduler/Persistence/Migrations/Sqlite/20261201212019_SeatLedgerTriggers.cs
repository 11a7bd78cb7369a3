using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SeatLedgerTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The database has the last word on capacity (docs/decisions/0009-the-seat-ledger.md): no
            // claim is inserted beyond the slot's seats, whichever code path or person attempts it.
            // A migration of its own because EF Core rebuilds SeatClaims at the end of the previous
            // one, which would drop them. SQLite has one writer at a time, so the count is never stale.
            // A later migration that rebuilds SeatClaims drops these triggers and must create them
            // again (SeatLedgerTests.The_database_refuses_a_claim_beyond_the_slots_seats… notices).
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_SeatClaims_WithinCapacity" BEFORE INSERT ON "SeatClaims"
                WHEN (SELECT COUNT(*) FROM "SeatClaims" c WHERE c."SlotStart" = NEW."SlotStart")
                     >= COALESCE((SELECT s."Seats" FROM "SlotSeats" s WHERE s."SlotStart" = NEW."SlotStart"), 0)
                BEGIN
                    SELECT RAISE(ABORT, 'CK_SeatClaims_WithinCapacity: the slot has no free seat');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_SeatClaims_NeverChange" BEFORE UPDATE ON "SeatClaims"
                BEGIN
                    SELECT RAISE(ABORT, 'CK_SeatClaims_Immutable: a seat claim is never changed');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "TR_SeatClaims_NeverChange";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_SeatClaims_WithinCapacity";""");
        }
    }
}
