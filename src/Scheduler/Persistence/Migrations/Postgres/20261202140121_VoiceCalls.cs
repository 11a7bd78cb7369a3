using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class VoiceCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "VoiceCalls",
                columns: table => new
                {
                    CallSid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    From = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Step = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Turn = table.Column<int>(type: "integer", nullable: false),
                    Misses = table.Column<int>(type: "integer", nullable: false),
                    Moving = table.Column<bool>(type: "boolean", nullable: false),
                    MoreTime = table.Column<bool>(type: "boolean", nullable: false),
                    Hearing = table.Column<bool>(type: "boolean", nullable: false),
                    FromDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Skip = table.Column<int>(type: "integer", nullable: false),
                    Offered = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Chosen = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VoiceCalls", x => x.CallSid);
                });

            migrationBuilder.CreateTable(
                name: "VoiceTurns",
                columns: table => new
                {
                    CallSid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Turn = table.Column<int>(type: "integer", nullable: false),
                    Reply = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VoiceTurns", x => new { x.CallSid, x.Turn });
                });

            migrationBuilder.CreateIndex(
                name: "IX_VoiceCalls_UpdatedAt",
                table: "VoiceCalls",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VoiceCalls");

            migrationBuilder.DropTable(
                name: "VoiceTurns");
        }
    }
}
