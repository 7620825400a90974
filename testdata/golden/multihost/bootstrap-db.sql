-- Heat database bootstrap for MariaDB and MySQL 8, rendered by heatconf from multihost.toml.
-- Safe to run again: it creates what is missing and converges the password.
-- Run as a database administrator, e.g.: mariadb -u root < bootstrap-db.sql
CREATE DATABASE IF NOT EXISTS `heat` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE USER IF NOT EXISTS 'heat'@'10.0.0.%' IDENTIFIED BY 'database-password-0003';
ALTER USER 'heat'@'10.0.0.%' IDENTIFIED BY 'database-password-0003';
GRANT ALL PRIVILEGES ON `heat`.* TO 'heat'@'10.0.0.%';
