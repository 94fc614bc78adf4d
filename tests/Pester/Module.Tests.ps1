# Why Pester: the manifest, the folder layout, the private assembly load context and import in a fresh process only
# exist for the built module; the hosted xunit suite loads the dll into its own default context.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
    $script:Module = Get-Module Initializers
    $script:ManifestPath = Join-Path $ModulePath 'Initializers.psd1'
}

Describe 'Manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets defined in the module dll' {
        $manifest = Import-PowerShellDataFile $ManifestPath
        $defined = $Module.ImplementingAssembly.GetExportedTypes() |
            Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) -and -not $_.IsAbstract } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
        @($manifest.CmdletsToExport | Sort-Object) | Should -Be @($defined | Sort-Object)
        @((Get-Command -Module Initializers).Name | Sort-Object) | Should -Be @($defined | Sort-Object)
    }

    It 'exports no functions, aliases or variables and declares both editions' {
        $manifest = Import-PowerShellDataFile $ManifestPath
        $manifest.FunctionsToExport.Count | Should -Be 0
        $manifest.AliasesToExport.Count | Should -Be 0
        $manifest.VariablesToExport.Count | Should -Be 0
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.Keys | Should -Not -Contain 'NestedModules'
        $manifest.Keys | Should -Not -Contain 'RequiredAssemblies'
    }

    It 'gives its version to the assemblies (the psd1 is the only version source)' {
        $version = [version](Import-PowerShellDataFile $ManifestPath).ModuleVersion
        $Module.Version | Should -Be $version
        $Module.ImplementingAssembly.GetName().Version.ToString(3) | Should -Be $version.ToString(3)
        # The library loads on first use (so this test does not depend on file order), into the private context.
        (New-ZerosTensor -Shape 1).GetType().Assembly.GetName().Version.ToString(3) | Should -Be $version.ToString(3)
    }
}

Describe 'Assembly loading' {
    BeforeAll {
        # Use the library and both dependencies once.
        $null = New-ZerosTensor -Shape 2
        $null = New-Initializer Zeros | ConvertTo-InitializerConfig -Format Yaml
        $script:Library = (New-ZerosTensor -Shape 1).GetType().Assembly
        $script:Loaded = [System.AppDomain]::CurrentDomain.GetAssemblies()
    }

    It 'loads the net8.0 library on PowerShell 7 into the private load context' {
        $Library.Location | Should -Be (Join-Path $ModulePath 'lib/net8.0/Initializers.dll')
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($Library).Name | Should -Be 'Initializers'
        $resolver = $Loaded | Where-Object { $_.GetName().Name -eq 'Initializers.PowerShell.Loader' }
        $resolver.Location | Should -Be (Join-Path $ModulePath 'Initializers.PowerShell.Loader.dll')
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($resolver) | Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }

    It 'loads <_> from Dependencies/ into the same context' -ForEach 'MathNet.Numerics', 'YamlDotNet' {
        $name = $_
        $asm = $Loaded | Where-Object { $_.GetName().Name -eq $name -and $_.Location -like "$ModulePath*" }
        $asm | Should -Not -BeNullOrEmpty
        $asm.Location | Should -BeLike (Join-Path $ModulePath 'Dependencies/net8.0/*')
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($asm).Name | Should -Be 'Initializers'
    }

    It 'keeps the library and dependency types out of the session (they cannot be named)' {
        'YamlDotNet.RepresentationModel.YamlStream' -as [type] | Should -BeNullOrEmpty
        'MathNet.Numerics.Complex32' -as [type] | Should -BeNullOrEmpty
        'Initializers.Tensor' -as [type] | Should -BeNullOrEmpty
        # What the docs offer instead.
        (New-ZerosTensor -Shape 1).PSTypeNames[0] | Should -Be 'Initializers.Tensor'
        (New-ZerosTensor -Shape 1).GetType().FullName | Should -Be 'Initializers.Tensor'
    }

    It 'has no third-party type on the public surface of the cmdlets and the library' {
        $thirdParty = '(^|[\s\[,])(MathNet|YamlDotNet)\.'
        $signatures = foreach ($command in Get-Command -Module Initializers) {
            foreach ($p in $command.Parameters.Values) { "$($command.Name) -$($p.Name): $($p.ParameterType.FullName)" }
            foreach ($t in $command.OutputType) { "$($command.Name) output: $($t.Name)" }
        }
        # Every public type PowerShell can reach, with every member's types (methods: return, parameters and generic
        # constraints). The MathNet interop is C#-only extension methods (TensorMathNet), which PowerShell does not
        # bind, and is the one exception.
        $types = $Library.GetExportedTypes() | Where-Object FullName -NE 'Initializers.TensorMathNet'
        $types.FullName | Should -Contain 'Initializers.Tensor'
        $signatures += foreach ($type in $types) {
            "$($type.Name) base: $($type.BaseType)"
            foreach ($i in $type.GetInterfaces()) { "$($type.Name) implements: $i" }
            foreach ($member in $type.GetMembers()) {
                $used = switch ($member.MemberType) {
                    'Property' { @($member.PropertyType) + @($member.GetIndexParameters().ParameterType) }
                    'Field' { @($member.FieldType) }
                    'Method' {
                        @($member.ReturnType) + @($member.GetParameters().ParameterType) +
                        @($member.GetGenericArguments() | ForEach-Object { $_.GetGenericParameterConstraints() })
                    }
                    'Constructor' { @($member.GetParameters().ParameterType) }
                    'Event' { @($member.EventHandlerType) }
                    default { @() }
                }
                foreach ($t in $used) { "$($type.Name).$($member.Name): $t" }
            }
        }
        $signatures.Count | Should -BeGreaterThan 100
        @($signatures -match $thirdParty) | Should -BeNullOrEmpty
    }

    It 'lays out the module folder' {
        foreach ($rel in 'Initializers.psd1', 'Initializers.PowerShell.dll', 'Initializers.PowerShell.Loader.dll', 'Initializers.Format.ps1xml', 'Initializers.Types.ps1xml',
            'en-US/Initializers.PowerShell.dll-Help.xml', 'en-US/about_Initializers.help.txt',
            'lib/net8.0/Initializers.dll', 'lib/netstandard2.0/Initializers.dll',
            'Dependencies/net8.0/YamlDotNet.dll', 'Dependencies/net8.0/MathNet.Numerics.dll',
            'Dependencies/netstandard2.0/YamlDotNet.dll', 'Dependencies/netstandard2.0/MathNet.Numerics.dll') {
            Join-Path $ModulePath $rel | Should -Exist
        }
        Join-Path $ModulePath 'YamlDotNet.dll' | Should -Not -Exist
        Join-Path $ModulePath 'Initializers.dll' | Should -Not -Exist
    }

    It 'does not answer a resolve request that is not the module''s with its private copies' {
        # Assembly.Load by name comes with no requesting assembly: nobody in the session asked the module for these.
        $result = Invoke-FreshPwsh @"
Import-Module '$ModulePath'
`$null = 'Zeros' | ConvertTo-InitializerConfig -Format Yaml
foreach (`$name in 'YamlDotNet', 'MathNet.Numerics', 'Initializers') {
    try { `$a = [System.Reflection.Assembly]::Load(`$name); "`$name=LOADED `$(`$a.Location)" } catch { "`$name=REFUSED" }
}
'TYPE=' + [bool][System.Type]::GetType('YamlDotNet.Serialization.SerializerBuilder, YamlDotNet')
"@
        $text = $result.Output -join "`n"
        $text | Should -Match 'YamlDotNet=REFUSED'
        $text | Should -Match 'MathNet.Numerics=REFUSED'
        $text | Should -Match 'Initializers=REFUSED'
        $text | Should -Match 'TYPE=False'
    }
}

Describe 'Import' {
    It 'loads the library once, from its lib folder for this PowerShell, when the first cmdlet runs' {
        # One run, no retry. What is NOT asserted: that Import-Module itself loads none of the library's assemblies.
        # Often it loads none, but on 2026-11-30 one of them was already loaded right after Import-Module here in 2 of
        # the 2 last full Test runs (Initializers, right after a build) and in 1 of about 100 fresh processes started
        # by hand (YamlDotNet); the cause was not found. The state after import is printed, for whoever looks next.
        $script = @"
Import-Module '$ModulePath'
'LOADED=' + ((([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Initializers', 'MathNet.Numerics', 'YamlDotNet' }) | ForEach-Object { `$_.GetName().Name + '@' + `$_.Location }) -join '+')
`$null = New-ZerosTensor -Shape 2
'AFTER=' + ((([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Initializers' }) | ForEach-Object { `$_.Location }) -join '+')
"@
        $text = (Invoke-FreshPwsh $script).Output -join "`n"
        $loaded = ($text -split "`n" | Where-Object { $_ -like 'LOADED=*' }) -replace '^LOADED=', ''
        if ($loaded) { Write-Host "Already loaded right after Import-Module: $loaded" }
        $after = ($text -split "`n" | Where-Object { $_ -like 'AFTER=*' }) -replace '^AFTER=', ''
        $expected = Join-Path $ModulePath "lib/$(if ($PSVersionTable.PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' })/Initializers.dll"
        $after | Should -Be $expected
    }

    It 'imports again after Remove-Module' {
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$null = 'Zeros' | ConvertTo-InitializerConfig -Format Yaml
Remove-Module Initializers
Import-Module '$ModulePath'
'OK=' + ('Ones' | ConvertTo-InitializerConfig -Format Yaml | ConvertFrom-InitializerConfig).ClassName
"@
        $result.Output -join "`n" | Should -Match 'OK=Ones'
    }
}

Describe 'Another module''s YamlDotNet or MathNet' {
    BeforeDiscovery {
        # Another module's YamlDotNet: older ones, and the very version the module ships (a second copy of it, as
        # a module built on the same YamlDotNet would carry) — each loaded before and after this module.
        $shipped = ([xml](Get-Content -Raw (Join-Path $PSScriptRoot '../../Directory.Packages.props'))).Project.ItemGroup.PackageVersion |
            Where-Object Include -EQ 'YamlDotNet' | ForEach-Object { $_.Version -replace '^\[\s*([^,\s]+)\s*,.*$', '$1' }   # a range's lower bound is the restored version
        $script:Cases = foreach ($version in '13.7.1', '16.3.0', $shipped) {
            foreach ($order in 'before', 'after') { @{ Version = $version; Order = $order } }
        }
    }

    It 'keeps its own YamlDotNet and leaves theirs (<Version>, loaded <Order> the module)' -ForEach $Cases {
        $dir = Join-Path $NuGet "yamldotnet/$Version/lib"
        $other = Get-ChildItem $dir -Directory | Where-Object Name -Match '^net\d+\.\d+$' | Sort-Object { [version]($_.Name -replace 'net') } |
            Select-Object -Last 1 | ForEach-Object { Join-Path $_.FullName 'YamlDotNet.dll' }
        $addType = "Add-Type -Path '$other'"
        $import = "Import-Module '$ModulePath'"
        $first, $second = if ($Order -eq 'before') { $addType, $import } else { $import, $addType }
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
$first
$second
`$yaml = 'Zeros', 'Ones' | ConvertTo-InitializerConfig -Format Yaml -Style Keras2
`$back = `$yaml | ConvertFrom-InitializerConfig
'CLASSES=' + ((`$back | ForEach-Object ClassName) -join ',')
# The session's type literal is the other module's YamlDotNet, and it still works.
'THEIRS=' + [YamlDotNet.Serialization.SerializerBuilder].Assembly.Location
'THEIRSWORKS=' + ([YamlDotNet.Serialization.SerializerBuilder]::new().Build().Serialize(@{ a = 1 })).Trim()
# What the library is bound to: the YamlDotNet of its own load context.
`$lib = `$back[0].GetType().Assembly
`$alc = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$lib)
'OURS=' + ((`$alc.Assemblies | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' }).Location -join ';')
'OTHERCOPIES=' + @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' }).Count
"@
        $text = $result.Output -join "`n"
        $text | Should -Match 'CLASSES=Zeros,Ones'
        $text | Should -Match ('THEIRS=' + [regex]::Escape($other))
        $text | Should -Match 'THEIRSWORKS=a: 1'
        $text | Should -Match ('OURS=' + [regex]::Escape((Join-Path $ModulePath 'Dependencies/net8.0/YamlDotNet.dll')) + '(\n|$)')
        $text | Should -Match 'OTHERCOPIES=2'
        $result.ExitCode | Should -Be 0
    }

    It 'keeps its own MathNet.Numerics when another copy of it was loaded first' {
        $shipped = ([xml](Get-Content -Raw (Join-Path $PSScriptRoot '../../Directory.Packages.props'))).Project.ItemGroup.PackageVersion |
            Where-Object Include -EQ 'MathNet.Numerics' | ForEach-Object { $_.Version -replace '^\[\s*([^,\s]+)\s*,.*$', '$1' }
        $other = Join-Path $NuGet "mathnet.numerics/$shipped/lib/net6.0/MathNet.Numerics.dll"
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$other'
Import-Module '$ModulePath'
`$t = New-Tensor Ones -Shape 2 -DType complex64
'VALUE=' + `$t[1].Real
`$alc = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$t.GetType().Assembly)
'OURS=' + ((`$alc.Assemblies | Where-Object { `$_.GetName().Name -eq 'MathNet.Numerics' }).Location -join ';')
'THEIRS=' + [MathNet.Numerics.Complex32].Assembly.Location
"@
        $text = $result.Output -join "`n"
        $text | Should -Match 'VALUE=1(\n|$)'
        $text | Should -Match ('OURS=' + [regex]::Escape((Join-Path $ModulePath 'Dependencies/net8.0/MathNet.Numerics.dll')) + '(\n|$)')
        $text | Should -Match ('THEIRS=' + [regex]::Escape($other))
    }
}
