using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SeatsPerLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "SeatClaims",
                type: "TEXT",
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "CapacityLanguages",
                columns: table => new
                {
                    Day = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Hour = table.Column<int>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Agents = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CapacityLanguages", x => new { x.Day, x.Hour, x.Language });
                    table.CheckConstraint("CK_CapacityLanguages_Agents", "\"Agents\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "SlotLanguageSeats",
                columns: table => new
                {
                    SlotStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Seats = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlotLanguageSeats", x => new { x.SlotStart, x.Language });
                    table.CheckConstraint("CK_SlotLanguageSeats_Seats", "\"Seats\" >= 0");
                });

            migrationBuilder.CreateIndex(
                name: "IX_SeatClaims_SlotStart_Language",
                table: "SeatClaims",
                columns: new[] { "SlotStart", "Language" });

            // Today's behaviour carries over: every agent on shift speaks every language until a
            // manager says otherwise, every slot's seats in each language are its seats, and every
            // claim is in its booking's language (docs/decisions/0016-seats-per-language.md).
            migrationBuilder.Sql("""
                INSERT INTO "CapacityLanguages" ("Day", "Hour", "Language", "Agents")
                SELECT c."Day", c."Hour", l."Language", c."Agents"
                FROM "Capacity" c CROSS JOIN (SELECT 'Nl' AS "Language" UNION ALL SELECT 'Fr' UNION ALL SELECT 'De' UNION ALL SELECT 'En') l;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "SlotLanguageSeats" ("SlotStart", "Language", "Seats")
                SELECT s."SlotStart", l."Language", s."Seats"
                FROM "SlotSeats" s CROSS JOIN (SELECT 'Nl' AS "Language" UNION ALL SELECT 'Fr' UNION ALL SELECT 'De' UNION ALL SELECT 'En') l;
                """);

            // The claims are filled in with the immutability trigger out of the way, and the capacity
            // trigger is created again to count the language's seats too. SeatClaims is not rebuilt
            // here (a column added, an index), so no other trigger is lost.
            migrationBuilder.Sql("""DROP TRIGGER "TR_SeatClaims_NeverChange";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_SeatClaims_WithinCapacity";""");
            migrationBuilder.Sql("""
                UPDATE "SeatClaims" SET "Language" = (SELECT b."Language" FROM "Bookings" b WHERE b."Id" = "SeatClaims"."BookingId");
                """);
            // A claim needs a seat in its slot and one in its language, and its language is its
            // booking's (so no one can dodge a full language by writing another). SQLite has one
            // writer at a time, so the counts are never stale.
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_SeatClaims_WithinCapacity" BEFORE INSERT ON "SeatClaims"
                BEGIN
                    SELECT RAISE(ABORT, 'CK_SeatClaims_Language: a seat claim is in its booking''s language')
                    WHERE NEW."Language" IS NOT (SELECT b."Language" FROM "Bookings" b WHERE b."Id" = NEW."BookingId");
                    SELECT RAISE(ABORT, 'CK_SeatClaims_WithinCapacity: the slot has no free seat')
                    WHERE (SELECT COUNT(*) FROM "SeatClaims" c WHERE c."SlotStart" = NEW."SlotStart")
                          >= COALESCE((SELECT s."Seats" FROM "SlotSeats" s WHERE s."SlotStart" = NEW."SlotStart"), 0);
                    SELECT RAISE(ABORT, 'CK_SeatClaims_WithinCapacity: the slot has no free seat in that language')
                    WHERE (SELECT COUNT(*) FROM "SeatClaims" c WHERE c."SlotStart" = NEW."SlotStart" AND c."Language" = NEW."Language")
                          >= COALESCE((SELECT l."Seats" FROM "SlotLanguageSeats" l WHERE l."SlotStart" = NEW."SlotStart" AND l."Language" = NEW."Language"), 0);
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
            migrationBuilder.DropTable(
                name: "CapacityLanguages");

            migrationBuilder.DropTable(
                name: "SlotLanguageSeats");

            migrationBuilder.DropIndex(
                name: "IX_SeatClaims_SlotStart_Language",
                table: "SeatClaims");

            // Dropped in place rather than by EF Core's rebuild of SeatClaims, which would come at the end
            // of the migration and drop the triggers created again below; SQLite refuses to drop a
            // column a trigger uses, so the triggers go first.
            migrationBuilder.Sql("""DROP TRIGGER "TR_SeatClaims_WithinCapacity";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_SeatClaims_NeverChange";""");
            migrationBuilder.Sql("""ALTER TABLE "SeatClaims" DROP COLUMN "Language";""");
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
    }
}
