using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BookingDayCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "Before",
                table: "RollupMarks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BookingDayCounts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Figure = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BookingDayCounts", x => new { x.Day, x.Figure });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_CreatedAt_MayChange",
                table: "Bookings",
                column: "CreatedAt",
                filter: "\"ErasedAt\" IS NULL OR \"Status\" IN ('Booked', 'Queued', 'Offered')");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_ErasedAt",
                table: "Bookings",
                column: "ErasedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_SlotStart_MayChange",
                table: "Bookings",
                column: "SlotStart",
                filter: "\"ErasedAt\" IS NULL OR \"Status\" IN ('Booked', 'Queued', 'Offered')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BookingDayCounts");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_CreatedAt_MayChange",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_ErasedAt",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_SlotStart_MayChange",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "Before",
                table: "RollupMarks");
        }
    }
}
