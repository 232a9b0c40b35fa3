@echo off
rem nengli offline installer for Windows: install.cmd [folder] [--no-path]
rem Finds Python 3.11 or newer (NENGLI_PYTHON, the py launcher, python on PATH) and runs
rem install.py with it; the install uses this kit's files only, no network.
rem ASCII only: cmd.exe reads a batch file in the console's code page (936 on Chinese Windows,
rem 65001 with the UTF-8 option). The one Chinese message shown from here is a UTF-8 file
rem printed under code page 65001; everything else is printed by Python, which writes
rem Unicode to the console whatever its code page. No parenthesised blocks around paths:
rem a folder such as "New folder (2)" would end them.
setlocal
set "KIT=%~dp0"
set "OLD="
set "DOUBLECLICK="
setlocal EnableDelayedExpansion
if not "!CMDCMDLINE:/c =!"=="!CMDCMDLINE!" set "DOUBLECLICK=1"
endlocal & set "DOUBLECLICK=%DOUBLECLICK%"

if not defined NENGLI_PYTHON goto try_py
call :probe "%NENGLI_PYTHON%"
if not errorlevel 1 goto use_env
:try_py
call :probe py -3
if not errorlevel 1 goto use_py
call :probe python
if not errorlevel 1 goto use_python
call :probe python3
if not errorlevel 1 goto use_python3
goto no_python

:use_env
"%NENGLI_PYTHON%" "%KIT%install.py" %*
goto done
:use_py
py -3 "%KIT%install.py" %*
goto done
:use_python
python "%KIT%install.py" %*
goto done
:use_python3
python3 "%KIT%install.py" %*
goto done

:no_python
set "CP="
for /f "tokens=2 delims=:" %%c in ('chcp') do set "CP=%%c"
if defined CP set "CP=%CP: =%"
if defined CP set "CP=%CP:.=%"
chcp 65001 >nul
type "%KIT%files\python-needed.txt"
if defined OLD echo   Python %OLD% ^< 3.11
if defined CP chcp %CP% >nul
set "RESULT=1"
goto finish

:done
set "RESULT=%ERRORLEVEL%"
:finish
if defined DOUBLECLICK pause
exit /b %RESULT%

rem probe: exit code 0 when the command is Python 3.11 or newer, 1 when older, 2 when absent
:probe
%* -c "import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)" >nul 2>&1
if errorlevel 2 exit /b 2
if not errorlevel 1 exit /b 0
for /f "delims=" %%v in ('%* -c "import sys; print(sys.version.split()[0])" 2^>nul') do set "OLD=%%v"
exit /b 1
