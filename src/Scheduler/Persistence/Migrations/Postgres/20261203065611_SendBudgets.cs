using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SendBudgets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SendBudgets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SpentUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SendBudgets", x => x.Name);
                });

            migrationBuilder.InsertData(
                table: "SendBudgets",
                columns: new[] { "Name", "SpentUntil" },
                values: new object[,]
                {
                    { "sms", new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { "voice", new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc) }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SendBudgets");
        }
    }
}
