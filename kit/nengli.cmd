@echo off
rem nengli launcher, put beside Scripts\ by install.cmd: this folder goes on the user's Path
rem instead of Scripts\, whose python.exe would hide the system's Python.
rem ASCII only (cmd.exe reads a batch file in the console's code page) and no parenthesised
rem blocks around paths: a folder such as "New folder (2)" would end them.
setlocal
if not "%~1"=="" goto run
rem double-clicked (cmd.exe /c): keep a window open in which nengli commands can be typed
set "CLICKED="
setlocal EnableDelayedExpansion
if not "!CMDCMDLINE:/c =!"=="!CMDCMDLINE!" set "CLICKED=1"
endlocal & set "CLICKED=%CLICKED%"
if not defined CLICKED goto run
cmd /k ""%~dp0Scripts\nengli.exe" --help"
exit /b
:run
"%~dp0Scripts\nengli.exe" %*
exit /b %ERRORLEVEL%
